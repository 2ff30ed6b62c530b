"""A large, deterministic clinic written straight into the schema's tables (for the benchmark).

A busy clinic keeps thousands of clients for the years a record must be kept. The benchmark
needs such a clinic in seconds, so this module writes rows with ``executemany`` in a few large
transactions instead of calling :func:`~glutedesk.storage.visits.save_visit` 200,000 times. The
rows are exactly what ``save_visit`` and ``save_client`` would store (same JSON encoding, same
order of parts), pass the schema's CHECK constraints and triggers, and load back whole through
:func:`~glutedesk.storage.visits.get_visit`.

:class:`LargeClinicPlan` decides everything from a seed: names, visit counts, each client's
course (a weaker side getting stronger, pain easing with the odd flare-up), the tests done,
the pain marked on real body regions, NPRS, PSFS and home exercises. ``plan.visits(i)`` gives a
client's visits as domain objects, so tests can compare what was written with what was meant.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import multiprocessing
import operator
import random
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from sqlite_utils import Database

from glutedesk.domain.catalogue import Catalogue, FieldType, TestDefinition, load_catalogue
from glutedesk.domain.grades import chart_to_oxford
from glutedesk.domain.ids import ClientId, RegionId, TechniqueId, TestId, VisitId
from glutedesk.domain.models import (
    Advice,
    CaseHistory,
    Client,
    Consent,
    ConsentKind,
    ExercisePrescription,
    Instrument,
    Nprs,
    OutcomeScore,
    PainMark,
    PostureFinding,
    RedFlagAnswer,
    RedFlagScreen,
    RedFlagTier,
    Referral,
    Side,
    Soap,
    SymptomType,
    TestResult,
    Treatment,
    Visit,
)
from glutedesk.domain.outcomes import odi_score, psfs_score
from glutedesk.domain.regions import load_regions
from glutedesk.storage.rows import dumps
from glutedesk.storage.sample_text import COMPLAINTS, GOALS, JOBS, PSFS, SPORTS, STREETS, TOWNS

# The same encoding as ``dumps`` (what save_visit stores), without rebuilding an encoder per row.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False).encode

Progress = Callable[[int, int], None]
"""Called as ``progress(visits_written, visits_total)`` after each batch."""

DEFAULT_CLIENTS = 10_000
DEFAULT_VISITS = 200_000
DEFAULT_SEED = 2026
LONG_VISITS = 100
DIAGRAM_VERSION = "1"
THERAPISTS = ("Alex Morgan", "Priya Nair", "Sam Okoro")


def _name_list(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# Common UK given names and surnames, with some accents and apostrophes, so searching a
# prefix matches a realistic share of 10,000 clients rather than a tenth of them.
FIRST_NAMES = _name_list(
    """
    Olivia, Amelia, Isla, Ava, Mia, Ivy, Lily, Sophia, Grace, Freya, Zoë, Siobhán, Aisha, Chloé,
    Hannah, Emily, Poppy, Ella, Evie, Charlotte, Isabella, Sophie, Jessica, Ruby, Daisy, Alice,
    Florence, Willow, Rosie, Emma, Matilda, Phoebe, Lucy, Sienna, Harper, Eleanor, Millie, Maya,
    Esme, Layla, Erin, Holly, Imogen, Niamh, Caitlin, Megan, Bethan, Rhiannon, Ffion, Catrin,
    Eilidh, Morven, Ines, Fatima, Amira, Zainab, Priya, Anjali, Aaliyah, Maryam, Agnieszka,
    Kasia, Ana, Oliver, George, Noah, Arthur, Leo, Harry, Oscar, Jack, Mohammed, Muhammad,
    Dafydd, Łukasz, Rory, Callum, Ethan, Kwame, Ravi, Tomás, Ewan, Yusuf, Thomas, William,
    James, Henry, Alfie, Charlie, Freddie, Theo, Archie, Joshua, Jacob, Alexander, Isaac,
    Edward, Finley, Samuel, Daniel, Logan, Lucas, Max, Adam, Benjamin, Harrison, Sebastian,
    Reuben, Joseph, Dylan, Owen, Rhys, Gethin, Iwan, Hamish, Fraser, Angus, Ciarán, Seán,
    Pádraig, Darragh, Oisín, Ibrahim, Omar, Hassan, Bilal, Arjun, Rohan, Vikram, Chidi, Tunde,
    Femi, Kofi, Piotr, Marek, Andrzej, Mateusz, Dominik, Stefan, Nikolai, Luca, Marco, Giulia,
    Chiara, Francesca, Lena, Anna, Marta, Jakub, Aleksander, Chen, Wei, Mei, Hiroshi, Yuki,
    """
)
LAST_NAMES = _name_list(
    """
    Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Patel, Wright, Robinson,
    Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, O'Neill, Khan,
    Hughes, Edwards, Kowalski, Nowak, MacLeod, Ní Bhriain, Okafor, Fernández, Murphy, Price,
    Lewis, Ahmed, Harris, Martin, Cooper, King, Lee, Baker, Harrison, Morgan, Allen, James, Scott,
    Phillips, Watson, Davis, Parker, Bennett, Young, Griffiths, Mitchell, Kelly, Cook, Carter,
    Richardson, Bailey, Collins, Bell, Shaw, Cox, Richards, Marshall, Simpson, Ellis, Adams,
    Singh, Begum, Chapman, Matthews, Webb, Hunt, Palmer, Mills, Barnes, Knight, Lloyd, Butler,
    Russell, Barker, Fisher, Stevens, Jenkins, Dixon, Fletcher, Howard, Owen, Ward, Holmes,
    Hussain, Ali, Gray, Kennedy, Foster, Pearson, Graham, Gibson, Turner, Hill, Moore, Clark,
    Anderson, Campbell, Stewart, Reid, MacDonald, Ross, Murray, Fraser, Robertson, Henderson,
    McKenzie, McLean, Paterson, Morrison, Sutherland, Ó Súilleabháin, O'Brien, Byrne, Ryan,
    O'Connor, Doyle, McCarthy, Gallagher, Doherty, Kavanagh, Quinn, McAllister, Rees, Powell,
    Jenkins-Price, Bowen, Pritchard, Vaughan, Llewellyn, Thomas, Rowlands, Parry, Jones-Ellis,
    Chowdhury, Rahman, Miah, Uddin, Shah, Mistry, Desai, Mehta, Choudhury, Sharma, Kaur, Gill,
    Sandhu, Nwosu, Adeyemi, Mensah, Asante, Boateng, Osei, Lewandowski, Wiśniewski, Wójcik,
    Kamiński, Zieliński, Rossi, Russo, Romano, Ricci, Schmidt, Müller, Fischer, Weber, Wagner,
    Becker, Dubois, Lefèvre, Moreau, García, Martínez, López, Sánchez, Pérez, Silva, Santos,
    Pereira, Costa, Oliveira, Nguyen, Tran, Wong, Chan, Liu, Zhang, Wang, Li, Tanaka, Sato,
    Andersson, Johansson, Larsen, Hansen, Novak, Horvath, Popescu, Ivanova, Petrov, Dimitrov,
    Papadopoulos, Yilmaz, Demir, Haddad, Hassan, Ibrahim, Mahmood, Iqbal, Akhtar, Bibi, Butt,
    Malik, Qureshi, Aziz, Sheikh, Hardy, Holland, Lawrence, Hudson, Wells, Fox, Rose, Day, Moss,
    Burton, Hart, Lane, Fowler, Spencer, Hayes, Pearce, Dawson, Jordan, Hunter, Mason, Marsh
    """
)

_PAIN_REGIONS = (
    ("back.lumbar.{s}", 6),
    ("back.glute_med.{s}", 5),
    ("back.glute_max.{s}", 4),
    ("back.sij.{s}", 4),
    ("front.hip_flexor.{s}", 3),
    ("front.lateral_hip.{s}", 3),
)
_EXTRA_TESTS = (
    "trendelenburg",
    "janda_side_lying_abduction",
    "janda_prone_hip_extension",
    "thomas_test",
    "single_leg_squat",
    "bridge_endurance",
    "aslr",
    "faber",
    "ober_test",
    "prone_instability",
    "oxford_iliopsoas",
)
_EXERCISE_PLANS = (
    ("glute_bridge", "clam", "half_kneeling_hip_flexor_stretch"),
    ("side_lying_hip_abduction", "glute_bridge", "half_kneeling_hip_flexor_stretch"),
    ("single_leg_bridge", "lateral_band_walk", "rear_foot_elevated_hip_flexor_stretch"),
    ("hip_thrust", "side_lying_hip_abduction", "single_leg_squat"),
)
_TECHNIQUES = (
    "effleurage",
    "petrissage",
    "soft_tissue_release",
    "muscle_energy_technique",
    "trigger_point",
    "passive_stretch",
    "myofascial_release",
)
_RESPONSES = (
    "Eased; moving more freely on standing",
    "Tender over glute med, eased with treatment",
    "NPRS down 2 points after treatment",
)
# Screened at every follow-up: the cauda equina (emergency) items. The whole list is screened
# at the first visit and at every twelfth (a periodic full re-screen).
_FOLLOW_UP_FLAGS = (
    "ces_bilateral_sciatica",
    "ces_bilateral_weakness",
    "ces_bladder",
    "ces_bowel",
    "ces_saddle_numbness",
    "ces_sexual_dysfunction",
)
_FULL_SCREEN_EVERY = 12
_REASSESS_EVERY = 6
_FLAGGED = "thoracic_pain"  # a routine-GP flag, found now and then
# The posture items a therapist records for a low-back and glute assessment (first visit and
# reassessments); the full list stays available in the app.
_POSTURE_ITEMS = (
    "pelvic_tilt",
    "pelvic_obliquity",
    "lateral_shift",
    "lumbar_lordosis",
    "gluteal_bulk",
    "knee_alignment_left",
    "knee_alignment_right",
    "leg_length_apparent",
)

_VISIT_COLUMNS = (
    "id",
    "client_id",
    "visit_date",
    "therapist",
    "complaint",
    "change_since_last",
    "goals",
    "nprs_now",
    "nprs_best",
    "nprs_worst",
    "pain_character",
    "nerve_advice",
    "nerve_advice_note",
    "red_flag_advice",
    "red_flag_advice_note",
    "treatment_techniques",
    "treatment_areas",
    "treatment_response",
    "treatment_notes",
    "soap_subjective",
    "soap_objective",
    "soap_assessment",
    "soap_plan",
    "consent_reconfirmed",
    "chaperone_offered",
    "next_visit",
    "created_at",
    "updated_at",
)
_CLIENT_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "gp_name",
    "gp_practice",
    "gp_address",
    "occupation",
    "sitting_hours_per_day",
    "sport_activity",
    "notes",
    "created_at",
    "updated_at",
)
_HISTORY_COLUMNS = (
    "client_id",
    "complaint",
    "onset",
    "mechanism",
    "duration",
    "aggravating",
    "easing",
    "pattern_24h",
    "past_medical_history",
    "surgery",
    "medication",
    "contraindications",
    "goals",
)
_TABLES: dict[str, tuple[str, ...]] = {
    "clients": _CLIENT_COLUMNS,
    "case_histories": _HISTORY_COLUMNS,
    "consents": ("client_id", "kind", "given", "date", "wording_version"),
    "visits": _VISIT_COLUMNS,
    "red_flag_answers": ("visit_id", "flag_id", "present"),
    "pain_marks": ("visit_id", "region_id", "symptom", "intensity", "diagram_version"),
    "test_results": (
        "visit_id",
        "test_id",
        "side",
        "position",
        "variant",
        "result",
        "symptom_provoked",
        "symptom_region",
        "compensations",
        "not_tested_reason",
        "note",
    ),
    "outcome_scores": ("visit_id", "instrument", "version", "items", "labels", "total"),
    "posture_findings": ("visit_id", "item_id", "value", "note"),
    "exercise_prescriptions": (
        "visit_id",
        "position",
        "exercise_id",
        "sets",
        "reps",
        "hold_seconds",
        "per_side",
        "frequency_per_week",
        "cues",
    ),
    "referrals": ("visit_id", "position", "to_whom", "reason", "urgency", "flags"),
}


class BulkBuildError(ValueError):
    """The large clinic cannot be built as asked (a non-empty database, impossible counts)."""


@dataclass(frozen=True)
class BulkSummary:
    """What :func:`build_large_clinic` wrote."""

    clients: int
    visits: int
    rows: int
    long_client_ids: tuple[ClientId, ...]
    long_visits: int
    seconds: float


class _Course(NamedTuple):
    weak_side: Side
    start: float  # chart value of the weaker glute med at the first visit
    gain: float  # chart points per visit until the plateau
    pain_start: int
    pain_drop: float
    flare_every: int  # long-term clients flare up now and then (0 = never)
    dynamometer: bool
    nerve_type: bool  # nerve-type symptoms at the first two visits, with GP advice
    regions: tuple[tuple[str, int], ...]
    psfs_labels: tuple[str, ...]
    psfs_start: tuple[int, ...]
    plan: tuple[str, ...]
    therapist: str
    dates: tuple[dt.date, ...]


class _VisitSpec(NamedTuple):
    """Everything about one visit, as plain values (converted to rows or to a Visit)."""

    id: str
    client_id: str
    date: dt.date
    therapist: str
    complaint: str
    change: str
    goals: str
    nprs: tuple[int, int, int]
    character: tuple[str, ...]
    nerve_advice: str | None
    nerve_note: str
    screened: tuple[str, ...]  # sorted flag ids
    flagged: bool  # the routine flag is present, with GP advice and a referral
    marks: tuple[tuple[str, str, int], ...]  # sorted by region
    tests: tuple[tuple[str, str, dict[str, Any], str, str | None], ...]
    scores: tuple[tuple[str, tuple[int, ...], str, tuple[str, ...]], ...]  # sorted by instrument
    posture: tuple[tuple[str, str], ...]  # sorted by item id
    techniques: tuple[str, ...]
    areas: tuple[str, ...]
    response: str
    exercises: tuple[ExercisePrescription, ...]
    subjective: str
    assessment: str
    plan: str
    next_visit: dt.date | None
    created: dt.datetime


class LargeClinicPlan:
    """A deterministic large clinic: the same arguments always describe the same records.

    ``long_visits`` (100 by default, fewer for tiny clinics) is the number of visits of the
    "long" clients the benchmark opens; one client in a thousand (at least one) is long, and
    the other visits are spread unevenly over the remaining clients (at least one each).
    """

    def __init__(
        self,
        *,
        n_clients: int = DEFAULT_CLIENTS,
        n_visits: int = DEFAULT_VISITS,
        seed: int = DEFAULT_SEED,
        today: dt.date | None = None,
        long_visits: int = LONG_VISITS,
    ) -> None:
        if n_clients < 1:
            raise BulkBuildError("The large clinic needs at least one client.")
        if n_visits < n_clients:
            raise BulkBuildError("Give at least one visit per client.")
        self.n_clients = n_clients
        self.n_visits = n_visits
        self.seed = seed
        self.today = today or dt.date.today()
        n_long = max(1, n_clients // 1000)
        self.long_visits = max(1, min(long_visits, (n_visits - (n_clients - n_long)) // n_long))
        rng = random.Random(seed)
        step = n_clients // n_long
        self.long_indices = tuple(i * step for i in range(n_long))
        self.visit_counts = _spread_visits(
            rng, n_clients, n_visits, self.long_indices, self.long_visits
        )
        self.client_ids = tuple(ClientId(_uid(rng)) for _ in range(n_clients))

    @cached_property
    def _catalogue(self) -> Catalogue:
        return load_catalogue()

    @cached_property
    def _context(self) -> _Context:
        return _Context.load(self._catalogue)

    def client(self, index: int) -> Client:
        """The client at ``index`` (0 to ``n_clients - 1``)."""
        return self._generate(index)[0]

    def visits(self, index: int) -> list[Visit]:
        """The visits of the client at ``index``, oldest first, as :class:`Visit` objects."""
        return [_spec_visit(spec) for spec in self._generate(index)[1]]

    def _generate(self, index: int) -> tuple[Client, list[_VisitSpec]]:
        rng = random.Random(self.seed * 1_000_003 + index)
        client, course = _client(rng, self.client_ids[index], index, self, self._context)
        specs = _visit_specs(rng, client, course, self._context)
        return client, specs


def build_large_clinic(
    db: Database,
    plan: LargeClinicPlan | None = None,
    *,
    progress: Progress | None = None,
    batch_visits: int = 10_000,
) -> BulkSummary:
    """Write the clinic ``plan`` describes (10,000 clients, 200,000 visits by default) into ``db``.

    ``db`` must be an open, migrated and empty GluteDesk database. Rows are inserted with
    ``executemany`` in one transaction per batch of about ``batch_visits`` visits; during the
    build the page cache is enlarged and ``synchronous`` relaxed (a half-built benchmark clinic
    is thrown away, never repaired), and both are restored before returning.
    """
    plan = plan or LargeClinicPlan()
    if db.execute("SELECT count(*) FROM clients").fetchone()[0]:
        raise BulkBuildError("The large clinic goes into an empty database.")
    started = time.perf_counter()
    conn = db.conn
    saved = {
        name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "synchronous")
    }
    conn.execute("PRAGMA cache_size = -524288")  # 512 MiB while building
    conn.execute("PRAGMA synchronous = OFF")
    inserts = {
        table: f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        for table, cols in _TABLES.items()
    }
    written = 0
    total_rows = 0
    try:
        for rows in _generate_ahead(plan, batch_visits):
            with db.atomic():
                for table, table_rows in rows.items():
                    conn.executemany(inserts[table], table_rows)
                    total_rows += len(table_rows)
            written += len(rows["visits"])
            if progress:
                progress(written, plan.n_visits)
    finally:
        for name, value in saved.items():
            conn.execute(f"PRAGMA {name} = {value}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return BulkSummary(
        clients=plan.n_clients,
        visits=written,
        rows=total_rows,
        long_client_ids=tuple(plan.client_ids[i] for i in plan.long_indices),
        long_visits=plan.long_visits,
        seconds=time.perf_counter() - started,
    )


# Planning ----------------------------------------------------------------------------------


def _uid(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def _spread_visits(
    rng: random.Random,
    n_clients: int,
    n_visits: int,
    long_indices: tuple[int, ...],
    long_visits: int,
) -> tuple[int, ...]:
    """Visit counts per client: long clients get ``long_visits``; the rest at least one each,
    with a long tail (most clients come a handful of times, a few for years)."""
    counts = [1] * n_clients
    long_set = set(long_indices)
    for i in long_set:
        counts[i] = long_visits
    others = [i for i in range(n_clients) if i not in long_set]
    spare = n_visits - sum(counts)
    if not others:
        counts[long_indices[0]] += spare
        return tuple(counts)
    cap = max(long_visits - 1, 1)
    weights = [rng.paretovariate(1.6) for _ in others]
    total = sum(weights)
    for i, w in zip(others, weights, strict=True):
        counts[i] += min(cap - 1, int(spare * w / total))
    left = n_visits - sum(counts)
    position = 0
    while left > 0:  # hand out what rounding and the cap left over, one at a time
        i = others[position % len(others)]
        if counts[i] < cap or position >= cap * len(others):
            counts[i] += 1
            left -= 1
        position += 1
    return tuple(counts)


class _Context(NamedTuple):
    tests: dict[str, TestDefinition]
    exercises: dict[str, ExercisePrescription]
    progressed: dict[str, ExercisePrescription]
    all_flags: tuple[str, ...]
    follow_up_flags: tuple[str, ...]
    posture: tuple[tuple[str, tuple[str, ...]], ...]
    regions: frozenset[str]

    @classmethod
    def load(cls, catalogue: Catalogue) -> _Context:
        flags = {f.id: f for f in catalogue.red_flags}
        assert flags[_FLAGGED].tier == RedFlagTier.ROUTINE_GP
        exercises = {e.id: e.default_prescription() for e in catalogue.exercises}
        return cls(
            tests={t.id: t for t in catalogue.tests},
            exercises=exercises,
            progressed={k: _progressed(v) for k, v in exercises.items()},
            all_flags=tuple(sorted(flags)),
            follow_up_flags=tuple(sorted(_FOLLOW_UP_FLAGS)),
            posture=tuple(
                sorted(
                    (p.id, tuple(o.id for o in p.options))
                    for p in catalogue.posture
                    if p.id in _POSTURE_ITEMS
                )
            ),
            regions=frozenset(load_regions().ids()),
        )


def _client(
    rng: random.Random, client_id: ClientId, index: int, plan: LargeClinicPlan, ctx: _Context
) -> tuple[Client, _Course]:
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    job, sitting = rng.choice(JOBS)
    n = plan.visit_counts[index]
    long = index in plan.long_indices
    # Active clients' last visit is recent; others stopped coming up to eight years ago.
    last_visit = plan.today - dt.timedelta(
        days=rng.randint(0, 60) if long or rng.random() < 0.3 else rng.randint(30, 2900)
    )
    gaps = [rng.choice((7, 14, 14, 21, 28)) for _ in range(n - 1)]
    dates = [last_visit]
    for gap in reversed(gaps):
        dates.append(dates[-1] - dt.timedelta(days=gap))
    dates.reverse()
    first_visit = dates[0]
    start = first_visit - dt.timedelta(days=rng.randint(0, 3))
    dob = dt.date(plan.today.year - rng.randint(20, 75), rng.randint(1, 12), rng.randint(1, 28))
    created = dt.datetime.combine(start, dt.time(9, 0), dt.UTC)
    side_code = rng.choice("LR")
    regions = tuple(
        (template.format(s=side_code), level)
        for template, level in rng.sample(_PAIN_REGIONS, rng.randint(2, 4))
    )
    course = _Course(
        weak_side=Side.LEFT if side_code == "L" else Side.RIGHT,
        start=rng.choice((2.67, 3.0, 3.0, 3.33, 3.67)),
        gain=rng.uniform(-0.02, 0.03) if rng.random() < 0.15 else rng.uniform(0.15, 0.4),
        pain_start=rng.randint(4, 8),
        pain_drop=rng.uniform(0.4, 1.1),
        flare_every=rng.randint(8, 20) if n > 12 else 0,
        dynamometer=rng.random() < 0.3,
        nerve_type=rng.random() < 0.02,
        regions=tuple(r for r in regions if r[0] in ctx.regions),
        psfs_labels=rng.choice(PSFS),
        psfs_start=tuple(rng.randint(2, 5) for _ in range(3)),
        plan=rng.choice(_EXERCISE_PLANS),
        therapist=rng.choice(THERAPISTS),
        dates=tuple(dates),
    )
    client = Client(
        id=client_id,
        first_name=first,
        last_name=last,
        date_of_birth=dob,
        phone=f"07700 9{rng.randint(0, 99999):05d}",
        email=f"client{index}@example.org",
        address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}\n{rng.choice(TOWNS)}",
        gp_name=rng.choice(("Dr Amira Shah", "Dr John Pearce", "Dr Helen Cho")),
        gp_practice=rng.choice(("Park Lane Surgery", "Riverside Medical Centre")),
        gp_address=rng.choice(("1 Park Lane, Leeds LS1 1AA", "Riverside, York YO1 6FA")),
        occupation=job,
        sitting_hours_per_day=sitting,
        sport_activity=rng.choice(SPORTS),
        consents=(
            Consent(ConsentKind.TREATMENT, True, start, "2026-01"),
            Consent(ConsentKind.DATA_PROCESSING, True, start, "2026-01"),
            Consent(ConsentKind.CONTACT_GP, rng.random() < 0.8, start, "2026-01"),
        ),
        history=CaseHistory(
            complaint=rng.choice(COMPLAINTS),
            onset=rng.choice(("Gradual over 3 months", "Sudden, lifting", "After a long drive")),
            duration=rng.choice(("6 weeks", "3 months", "8 months", "Over a year, on and off")),
            aggravating=rng.choice(("Sitting over an hour", "Stairs", "Bending", "Running")),
            easing=rng.choice(("Walking", "Lying on the back with knees bent", "Heat")),
            past_medical_history=rng.choice(("Nil of note", "Asthma", "Hypertension")),
            medication=rng.choice(("None", "Ibuprofen as needed")),
            contraindications="None identified",
            goals=rng.choice(GOALS),
        ),
        created_at=created,
        updated_at=created,
    )
    return client, course


def _visit_specs(
    rng: random.Random, client: Client, course: _Course, ctx: _Context
) -> list[_VisitSpec]:
    specs: list[_VisitSpec] = []
    side = "left" if course.weak_side == Side.LEFT else "right"
    for n, date in enumerate(course.dates):
        flare = bool(course.flare_every) and n > 0 and n % course.flare_every == 0
        weak = min(course.start + course.gain * n + rng.uniform(-0.1, 0.1), 5.0)
        weak = max(0.0, weak - (0.67 if flare else 0.0))
        strong = max(weak, min(weak + rng.uniform(0.33, 1.0), 5.0))
        pain = max(0, round(course.pain_start - course.pain_drop * n))
        if flare:
            pain = min(10, pain + rng.randint(3, 5))
        elif n > 8:
            pain = max(pain, rng.choice((0, 0, 1, 1, 2, 3)))
        nerve = course.nerve_type and n <= 1
        flagged = rng.random() < 0.004
        marks = _marks(rng, course, pain, n, nerve)
        character = ["dull_ache", "worse_on_movement"]
        if pain <= 3:
            character.append("eases_with_rest")
        if nerve:
            character += ["pins_and_needles", "shooting_leg_pain"]
        full_screen = n % _FULL_SCREEN_EVERY == 0 or flagged
        screened = ctx.all_flags if full_screen else ctx.follow_up_flags
        psfs = tuple(
            min(10, s + (round(n * rng.uniform(0.2, 0.6)) if course.gain > 0.1 else 0))
            for s in course.psfs_start
        )
        scores: list[tuple[str, tuple[int, ...], str, tuple[str, ...]]] = []
        if n % 4 == 0:
            level = max(0, min(5, round(pain / 2 + rng.uniform(-1, 1))))
            odi = tuple(max(0, level - rng.randint(0, 1)) for _ in range(10))
            scores.append(("odi", odi, "2.1a", ()))
        scores.append(("psfs", psfs, "", course.psfs_labels))
        plan = course.plan[: 2 + min(1, n)]
        doses = ctx.progressed if n >= 3 else ctx.exercises
        exercises = tuple(doses[e] for e in plan if e in doses)
        specs.append(
            _VisitSpec(
                id=_uid(rng),
                client_id=client.id,
                date=date,
                therapist=course.therapist,
                complaint=client.history.complaint if n == 0 else "Review of low back pain",
                change="" if n == 0 else ("Flared up this week" if flare else "A little better"),
                goals=client.history.goals,
                nprs=(pain, max(0, pain - rng.randint(1, 2)), min(10, pain + rng.randint(1, 3))),
                character=tuple(character),
                nerve_advice=(Advice.ROUTINE_GP.value if nerve else None),
                nerve_note=(
                    "Advised to see GP about pins and needles down the thigh." if nerve else ""
                ),
                screened=screened,
                flagged=flagged,
                marks=marks,
                tests=_tests(rng, ctx, course, n, weak, strong),
                scores=tuple(scores),
                posture=_posture(rng, ctx, side) if n % _REASSESS_EVERY == 0 else (),
                techniques=tuple(rng.sample(_TECHNIQUES, 3)),
                areas=tuple(r for r, _ in course.regions[:3]),
                response=rng.choice(_RESPONSES),
                exercises=exercises,
                subjective=f"NPRS {pain}/10 today. "
                + ("Flare-up after a long drive." if flare else "Managing home exercises."),
                assessment=(
                    f"Glute med weaker on the {side} ({_grade(weak)} vs "
                    f"{_grade(strong)}); hip flexors tight on Thomas test."
                ),
                plan="Review in two weeks; progress home exercises.",
                next_visit=date + dt.timedelta(days=14),
                created=dt.datetime.combine(date, dt.time(9 + n % 8, 0), dt.UTC),
            )
        )
    return specs


_GRADES = tuple(chart_to_oxford(i / 100) for i in range(501))


def _grade(value: float) -> str:
    """The Oxford grade nearest a chart value (clipped to 0-5), from a table: fast in bulk."""
    return _GRADES[min(500, max(0, round(value * 100)))]


def _progressed(prescription: ExercisePrescription) -> ExercisePrescription:
    """From the fourth visit, an exercise done for repetitions gets an extra set (up to 3)."""
    if prescription.reps is None:
        return prescription
    return dataclasses.replace(prescription, sets=min(3, prescription.sets + 1))


def _marks(
    rng: random.Random, course: _Course, pain: int, n: int, nerve: bool
) -> tuple[tuple[str, str, int], ...]:
    if pain == 0:
        return ()
    keep = max(2, len(course.regions) - n // 3)
    marks = {
        region: (
            "sharp" if rng.random() < 0.2 else "ache",
            max(1, min(10, round(level * pain / max(course.pain_start, 1)))),
        )
        for region, level in course.regions[:keep]
    }
    if nerve:
        code = "L" if course.weak_side == Side.LEFT else "R"
        marks[f"back.hamstring.{code}"] = ("pins_and_needles", 4)
    return tuple((region, *marks[region]) for region in sorted(marks))


def _tests(
    rng: random.Random, ctx: _Context, course: _Course, n: int, weak: float, strong: float
) -> tuple[tuple[str, str, dict[str, Any], str, str | None], ...]:
    chosen = ["oxford_glute_max", "oxford_glute_med"]
    chosen += rng.sample(_EXTRA_TESTS, rng.randint(1, 3))
    results: list[tuple[str, str, dict[str, Any], str, str | None]] = []
    for test_id in chosen:
        test = ctx.tests[test_id]
        sides = (Side.LEFT, Side.RIGHT) if test.per_side else (Side.NOT_APPLICABLE,)
        variant = test.variants[0].id if test.variants else ""
        for side in sides:
            value = weak if side == course.weak_side else strong
            if test_id == "oxford_glute_max":
                value = min(5.0, value + 0.33)
            weakness = max(0.0, min(1.0, (4.67 - value) / 2.0))
            if test_id == "ober_test" and rng.random() < 0.2:
                results.append((test_id, side.value, {}, variant, "Short of time"))
                continue
            values = _values(rng, test, value, weakness, course.dynamometer)
            results.append((test_id, side.value, values, variant, None))
    return tuple(results)


def _values(
    rng: random.Random, test: TestDefinition, value: float, weakness: float, dynamometer: bool
) -> dict[str, Any]:
    """Plausible typed values for the fields of ``test``, worse when ``weakness`` is high."""
    values: dict[str, Any] = {}
    for field in test.fields:
        kind = field.type
        if kind == FieldType.OXFORD:
            values[field.id] = _grade(value)
        elif field.id == "dynamometer":
            if dynamometer:
                values[field.id] = round(60 + value * 45 + rng.uniform(-8, 8), 1)
        elif field.id == "dynamometer_unit":
            if dynamometer:
                values[field.id] = "n"
        elif kind == FieldType.CHOICE:
            options = [o.id for o in field.options]
            bad = rng.random() < weakness
            values[field.id] = rng.choice(options[1:]) if bad and len(options) > 1 else options[0]
        elif kind == FieldType.MULTI:
            count = min(len(field.options), round(weakness * rng.uniform(0, 2.5)))
            values[field.id] = sorted(rng.sample([o.id for o in field.options], count))
        elif kind == FieldType.BOOLEAN:
            values[field.id] = rng.random() < weakness * 0.8
        elif kind == FieldType.ORDER:
            items = [i.id for i in field.items]
            if rng.random() < weakness:
                items = items[1:2] + items[:1] + items[2:]
            values[field.id] = items
        elif kind in (FieldType.INTEGER, FieldType.NUMBER):
            low = field.min if field.min is not None else 0
            high = field.max if field.max is not None else 100
            span = high - low
            number = low + span * (0.15 + 0.35 * (1 - weakness)) + rng.uniform(-0.03, 0.03) * span
            if field.id in ("score", "compression_score"):
                number = round(weakness * 3 * rng.uniform(0.5, 1.0))
            number = max(low, min(high, number))
            values[field.id] = round(number) if kind == FieldType.INTEGER else round(number, 1)
    return values


def _posture(rng: random.Random, ctx: _Context, side: str) -> tuple[tuple[str, str], ...]:
    findings = []
    for item_id, options in ctx.posture:
        value = options[0]
        if item_id == "gluteal_bulk":
            value = f"{side}_reduced"
        elif rng.random() < 0.1 and len(options) > 1:
            value = options[1]
        findings.append((item_id, value))
    return tuple(findings)


# Rows --------------------------------------------------------------------------------------


def _batches(plan: LargeClinicPlan, batch_visits: int) -> Iterator[range]:
    start = 0
    count = 0
    for index, n in enumerate(plan.visit_counts):
        count += n
        if count >= batch_visits:
            yield range(start, index + 1)
            start, count = index + 1, 0
    if start < plan.n_clients:
        yield range(start, plan.n_clients)


def _generate_ahead(plan: LargeClinicPlan, batch_visits: int) -> Iterator[dict[str, list[tuple]]]:
    """Yield each batch's rows, in order, generating later batches in a worker process.

    Generating rows is Python work and inserting them is SQLite work, so on two or more cores a
    worker generates the next batches while this process inserts. At most two batches wait,
    which bounds the memory used. A clinic of one batch is generated here.
    """
    batches = list(_batches(plan, batch_visits))
    if len(batches) <= 1:
        for batch in batches:
            yield _batch_rows(plan, batch)
        return
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        waiting: deque[Future[dict[str, list[tuple]]]] = deque()
        todo = iter(batches)
        for batch in itertools.islice(todo, 2):
            waiting.append(pool.submit(_batch_rows, plan, batch))
        while waiting:
            rows = waiting.popleft().result()
            batch = next(todo, None)
            if batch is not None:
                waiting.append(pool.submit(_batch_rows, plan, batch))
            yield rows
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_BY_VISIT = operator.itemgetter(0)


def _batch_rows(plan: LargeClinicPlan, indices: range) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {table: [] for table in _TABLES}
    for index in indices:
        client, specs = plan._generate(index)
        _client_rows(client, rows)
        for spec in specs:
            _visit_rows(spec, rows)
    for table, table_rows in rows.items():
        if table not in ("clients", "case_histories", "visits"):
            table_rows.sort(key=_BY_VISIT)  # insert in primary-key order: fewer page splits
    return rows


def _client_rows(client: Client, rows: dict[str, list[tuple]]) -> None:
    stamp = client.created_at.isoformat() if client.created_at else None
    rows["clients"].append(
        (
            client.id,
            client.first_name,
            client.last_name,
            client.date_of_birth.isoformat() if client.date_of_birth else None,
            client.phone,
            client.email,
            client.address,
            client.gp_name,
            client.gp_practice,
            client.gp_address,
            client.occupation,
            client.sitting_hours_per_day,
            client.sport_activity,
            client.notes,
            stamp,
            stamp,
        )
    )
    history = client.history
    rows["case_histories"].append(
        (client.id, *(getattr(history, name) for name in _HISTORY_COLUMNS[1:]))
    )
    for consent in client.consents:
        rows["consents"].append(
            (
                client.id,
                consent.kind.value,
                int(consent.given),
                consent.date.isoformat() if consent.date else None,
                consent.wording_version,
            )
        )


_GP_REFERRAL = (
    "GP (routine)",
    "Thoracic (mid-back) pain reported at screening: please review.",
)


def _visit_rows(s: _VisitSpec, rows: dict[str, list[tuple]]) -> None:
    vid = s.id
    stamp = s.created.isoformat()
    rows["visits"].append(
        (
            vid,
            s.client_id,
            s.date.isoformat(),
            s.therapist,
            s.complaint,
            s.change,
            s.goals,
            *s.nprs,
            _json_list(s.character),
            s.nerve_advice,
            s.nerve_note,
            Advice.ROUTINE_GP.value if s.flagged else Advice.NO_ACTION_NEEDED.value,
            _FLAG_NOTE if s.flagged else "",
            _json_list(s.techniques),
            _json_list(s.areas),
            s.response,
            "",
            s.subjective,
            "",
            s.assessment,
            s.plan,
            1,
            1,
            s.next_visit.isoformat() if s.next_visit else None,
            stamp,
            stamp,
        )
    )
    flags = rows["red_flag_answers"]
    for flag in s.screened:
        flags.append((vid, flag, int(s.flagged and flag == _FLAGGED)))
    marks = rows["pain_marks"]
    for region, symptom, intensity in s.marks:
        marks.append((vid, region, symptom, intensity, DIAGRAM_VERSION))
    results = rows["test_results"]
    for position, (test_id, side, values, variant, reason) in enumerate(s.tests):
        results.append(
            (vid, test_id, side, position, variant, _encode(values), 0, None, "[]", reason, "")
        )
    scores = rows["outcome_scores"]
    for instrument, items, version, labels in s.scores:
        total = psfs_score(items) if instrument == "psfs" else _odi_total(items)
        scores.append((vid, instrument, version, _json_list(items), _json_list(labels), total))
    posture = rows["posture_findings"]
    for item_id, value in s.posture:
        posture.append((vid, item_id, value, ""))
    exercises = rows["exercise_prescriptions"]
    for position, e in enumerate(s.exercises):
        exercises.append(
            (
                vid,
                position,
                e.exercise_id,
                e.sets,
                e.reps,
                e.hold_seconds,
                int(e.per_side),
                e.frequency_per_week,
                e.cues,
            )
        )
    if s.flagged:
        rows["referrals"].append(
            (vid, 0, *_GP_REFERRAL, Advice.ROUTINE_GP.value, '["' + _FLAGGED + '"]')
        )


_JSON_LISTS: dict[tuple, str] = {}


def _json_list(values: tuple) -> str:
    """``dumps(list(values))``, remembered: visits repeat the same few lists."""
    text = _JSON_LISTS.get(values)
    if text is None:
        text = dumps(list(values))
        if len(_JSON_LISTS) < 100_000:
            _JSON_LISTS[values] = text
    return text


_FLAG_NOTE = "Mid-back pain since a fall; advised to see the GP this month."


def _odi_total(items: tuple[int, ...]) -> float | None:
    return odi_score(items)


def _spec_visit(s: _VisitSpec) -> Visit:
    """The :class:`Visit` a spec describes (what ``get_visit`` should load)."""
    return Visit(
        id=VisitId(s.id),
        client_id=ClientId(s.client_id),
        visit_date=s.date,
        therapist=s.therapist,
        complaint=s.complaint,
        change_since_last=s.change,
        goals=s.goals,
        nprs=Nprs(*s.nprs),
        pain_character=s.character,
        nerve_advice=Advice(s.nerve_advice) if s.nerve_advice else None,
        nerve_advice_note=s.nerve_note,
        red_flags=RedFlagScreen(
            answers=tuple(
                RedFlagAnswer(flag, s.flagged and flag == _FLAGGED)  # type: ignore[arg-type]
                for flag in s.screened
            ),
            advice=Advice.ROUTINE_GP if s.flagged else Advice.NO_ACTION_NEEDED,
            advice_note=_FLAG_NOTE if s.flagged else "",
        ),
        pain_marks=tuple(
            PainMark(RegionId(region), SymptomType(symptom), intensity, DIAGRAM_VERSION)
            for region, symptom, intensity in s.marks
        ),
        posture=tuple(PostureFinding(item, value) for item, value in s.posture),  # type: ignore[arg-type]
        test_results=tuple(
            TestResult(TestId(test_id), Side(side), values, variant, not_tested_reason=reason)
            for test_id, side, values, variant, reason in s.tests
        ),
        outcome_scores=tuple(
            OutcomeScore(Instrument(instrument), items, version, labels)
            for instrument, items, version, labels in s.scores
        ),
        treatment=Treatment(
            techniques=tuple(TechniqueId(t) for t in s.techniques),
            areas=tuple(RegionId(a) for a in s.areas),
            response=s.response,
        ),
        exercises=s.exercises,
        referrals=((Referral(*_GP_REFERRAL, Advice.ROUTINE_GP, (_FLAGGED,)),) if s.flagged else ()),
        soap=Soap(subjective=s.subjective, assessment=s.assessment, plan=s.plan),
        consent_reconfirmed=True,
        chaperone_offered=True,
        next_visit=s.next_visit,
        created_at=s.created,
        updated_at=s.created,
    )


__all__ = [
    "FIRST_NAMES",
    "LAST_NAMES",
    "BulkBuildError",
    "BulkSummary",
    "LargeClinicPlan",
    "build_large_clinic",
]
