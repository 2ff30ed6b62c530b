"""Regenerate diagrams/body_back.svg, body_front.svg and regions.json (body chart version 1).

Development tool, not part of the app. Run from the repository root:

    .venv/bin/python diagrams/tools/build_body_chart.py [OUTPUT_DIR]

The outline is a smooth Catmull-Rom spline through hand-placed anatomical landmarks (one half,
mirrored), written to the SVG as cubic Beziers. Regions are made by cutting the outline, flattened
exactly as glutedesk.domain.diagram_geometry flattens it, with cut polylines in order and naming
each resulting piece by a seed point, so the regions tile the body with no gaps or overlaps.

Offsets ``dx`` are measured from the body midline; negative = the viewer's left half. Cuts and
seeds are given for the viewer's left half and mirrored. On the BACK view the viewer's left is the
client's LEFT; on the FRONT view it is the client's RIGHT.

If the shapes change, bump VERSION (records store the diagram version they were drawn on).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from glutedesk.domain.diagram_geometry import parse_path  # noqa: E402
from glutedesk.domain.polygons import (  # noqa: E402
    area,
    bounds,
    distance_to_outline,
    interior_point,
    point_in_polygon,
)

W, H = 400.0, 900.0
CX = 200.0
VERSION = "1"
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "diagrams"

# ---------------------------------------------------------------------------- outline
# fmt: off
# Half outline, viewer's right side, (dx, y, corner?) from crown to crotch.
HEAD = [
    (0, 40), (19, 43.5), (30, 56), (34, 75), (34.5, 95), (32.5, 113), (28.5, 127),
    (24.5, 139), (23.5, 150), (24.5, 160),
]
HEAD_FRONT = [
    (0, 40), (19, 43.5), (30, 56), (33.5, 74), (34, 84), (35.8, 92), (36, 103), (34.3, 112),
    (31, 122), (27, 132), (24, 141), (23.5, 150), (24.5, 160),
]
UPPER = [
    (28, 165), (37, 169.8), (52, 174), (70, 179), (86, 185), (100, 195), (108, 212), (111.5, 236),
    (113, 264), (114.5, 298), (116.5, 334), (121, 358), (125, 388), (127, 420), (127.5, 446),
    # hand, palm forward, thumb on the outer side
    (131, 457), (135.3, 468), (137.6, 479), (137.2, 489), (135.2, 496.5), (134.6, 505),
    (134.5, 518), (131, 530), (123.5, 537), (114, 538), (106.5, 532),
    (102, 518), (100.5, 495), (101.5, 470), (103.5, 450),
    # inner arm
    (101.5, 420), (96, 388), (92.5, 360), (90, 336), (86.5, 300), (83, 266), (80.5, 244),
    (76, 228, "c"),
    # trunk and outer leg
    (73, 246), (71, 268), (67.5, 292), (62.5, 318), (61.5, 340), (65, 362), (71, 386),
    (75.5, 410), (76, 432), (75, 452), (72, 482), (67, 520), (62, 560), (58.5, 592),
    (57.5, 612), (58.5, 635), (61, 660), (60, 684), (55.5, 718), (49.5, 755), (45, 785),
]
FOOT_FRONT = [
    (44, 799), (46.5, 812), (50.5, 824), (53, 834), (51.5, 842), (45, 846.5), (32, 848),
    (21, 846), (16, 840), (15.5, 828), (17, 814), (18.5, 800),
]
FOOT_BACK = [
    (44.5, 800), (45.5, 813), (45, 826), (42, 837), (35.5, 844), (28, 846), (21, 843),
    (17, 834), (16, 821), (17, 809), (18.5, 798),
]
LOWER = [
    (18.5, 780), (16.5, 750), (14, 715), (12, 684), (12.5, 657),
    (12.5, 632), (11, 612), (11, 590), (10, 555), (8, 515), (5, 485), (0, 463, "c"),
]

# fmt: on


def half_outline(view: str) -> list[tuple[float, float, bool]]:
    head = HEAD_FRONT if view == "front" else HEAD
    foot = FOOT_FRONT if view == "front" else FOOT_BACK
    pts = head + UPPER + foot + LOWER
    return [(p[0], p[1], len(p) > 2) for p in pts]


def full_outline(view: str) -> list[tuple[float, float, bool]]:
    right = half_outline(view)
    left = [(-dx, y, c) for dx, y, c in reversed(right[1:-1])]
    return [(CX + dx, y, c) for dx, y, c in right + left]


def catmull_rom(points: list[tuple[float, float, bool]]) -> list[tuple]:
    """Closed Catmull-Rom spline -> cubic Bezier segments (p0, c1, c2, p3)."""
    n = len(points)
    segs = []

    def tangent(i: int, side: str) -> tuple[float, float]:
        x0, y0, _ = points[(i - 1) % n]
        x1, y1, corner = points[i]
        x2, y2, _ = points[(i + 1) % n]
        if corner:
            if side == "out":
                return (x2 - x1) * 0.35, (y2 - y1) * 0.35
            return (x1 - x0) * 0.35, (y1 - y0) * 0.35
        return (x2 - x0) / 2, (y2 - y0) / 2

    for i in range(n):
        x1, y1, _ = points[i]
        x2, y2, _ = points[(i + 1) % n]
        t1 = tangent(i, "out")
        t2 = tangent((i + 1) % n, "in")
        segs.append(
            ((x1, y1), (x1 + t1[0] / 3, y1 + t1[1] / 3), (x2 - t2[0] / 3, y2 - t2[1] / 3), (x2, y2))
        )
    return segs


def fmt(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def bezier_path(segs: list[tuple], closed: bool = True) -> str:
    parts = [f"M {fmt(segs[0][0][0])} {fmt(segs[0][0][1])}"]
    for _p0, c1, c2, p3 in segs:
        parts.append(
            f"C {fmt(c1[0])} {fmt(c1[1])} {fmt(c2[0])} {fmt(c2[1])} {fmt(p3[0])} {fmt(p3[1])}"
        )
    if closed:
        parts.append("Z")
    return " ".join(parts)


def open_spline(points: list[tuple[float, float]]) -> str:
    """Smooth open path through points (Catmull-Rom, end tangents one-sided)."""
    n = len(points)
    if n == 2:
        (x1, y1), (x2, y2) = points
        return f"M {fmt(x1)} {fmt(y1)} L {fmt(x2)} {fmt(y2)}"
    segs = []
    for i in range(n - 1):
        p0 = points[max(i - 1, 0)]
        p1 = points[i]
        p2 = points[i + 1]
        p3 = points[min(i + 2, n - 1)]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segs.append((p1, c1, c2, p2))
    return bezier_path(segs, closed=False)


# ---------------------------------------------------------------------------- splitting
def _intersect(p, q, a, b):
    rx, ry = q[0] - p[0], q[1] - p[1]
    sx, sy = b[0] - a[0], b[1] - a[1]
    den = rx * sy - ry * sx
    if abs(den) < 1e-12:
        return None
    qpx, qpy = a[0] - p[0], a[1] - p[1]
    s = (qpx * sy - qpy * sx) / den
    t = (qpx * ry - qpy * rx) / den
    if 0 <= s <= 1 and 0 <= t < 1:
        return s, t, (p[0] + s * rx, p[1] + s * ry)
    return None


def _walk(poly, i_from, t_from, i_to, t_to):
    n = len(poly)
    if i_from == i_to and t_to > t_from:
        return []
    out = []
    k = (i_from + 1) % n
    while True:
        out.append(poly[k])
        if k == i_to:
            break
        k = (k + 1) % n
    return out


def _crossings(poly, cut):
    out = []
    n = len(poly)
    for k in range(len(cut) - 1):
        for i in range(n):
            hit = _intersect(cut[k], cut[k + 1], poly[i], poly[(i + 1) % n])
            if hit and (hit[0] < 1 or k == len(cut) - 2):
                s, t, pt = hit
                out.append((k + s, k, i, t, pt))
    out.sort()
    return out


def first_run(poly, cut):
    crossings = _crossings(poly, cut)
    idx = 1 if point_in_polygon(cut[0], poly) else 0
    if len(crossings) < idx + 2:
        return None
    return crossings[idx], crossings[idx + 1]


def split_by_run(poly, cut, run):
    a, b = run
    inner = [cut[j] for j in range(a[1] + 1, b[1] + 1)]
    pa, pb = a[4], b[4]
    piece1 = [pa, *_walk(poly, a[2], a[3], b[2], b[3]), pb, *inner[::-1]]
    piece2 = [pb, *_walk(poly, b[2], b[3], a[2], a[3]), pa, *inner]
    total = area(tuple(poly))
    a1, a2 = area(tuple(piece1)), area(tuple(piece2))
    assert abs(a1 + a2 - total) < 1e-6 * max(total, 1), (a1, a2, total, cut)
    assert a1 > 1 and a2 > 1, (a1, a2, cut)
    return piece1, piece2


def truncate(cut, u):
    k = int(u)
    if k >= len(cut) - 1:
        return None
    f = u - k
    p, q = cut[k], cut[k + 1]
    start = (p[0] + f * (q[0] - p[0]), p[1] + f * (q[1] - p[1]))
    return [start, *cut[k + 1 :]]


def apply_cut(pieces, cut):
    """Split every piece the cut fully crosses, walking along the cut once."""
    u = 0.0
    while True:
        sub = truncate(cut, u)
        if sub is None:
            return pieces
        best = None
        for idx, poly in enumerate(pieces):
            run = first_run(poly, sub)
            if run and (best is None or run[0][0] < best[1][0][0]):
                best = (idx, run)
        if best is None:
            return pieces
        idx, run = best
        pieces[idx : idx + 1] = list(split_by_run(pieces[idx], sub, run))
        u = _advance(u, run[1][0])


def _advance(u, local):
    """Convert a parameter on a truncated cut back to the full cut and step past it."""
    k = int(u)
    f = u - k
    # truncated cut: segment 0 spans [u, k+1) of the full cut, segment j>0 is segment k+j
    full = u + local * (1 - f) if local < 1 else k + local
    return full + 1e-7


def clean(poly, eps=0.02):
    out = []
    for p in poly:
        if not out or math.dist(p, out[-1]) > eps:
            out.append(p)
    if len(out) > 1 and math.dist(out[0], out[-1]) <= eps:
        out.pop()
    # drop collinear points
    changed = True
    while changed and len(out) > 3:
        changed = False
        for i in range(len(out)):
            a, b, c = out[i - 1], out[i], out[(i + 1) % len(out)]
            cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
            if abs(cross) / max(math.dist(a, c), 1e-9) < 0.01:
                del out[i]
                changed = True
                break
    return out


# ---------------------------------------------------------------------------- cuts
def side_cuts_common():
    """Cuts for the viewer's LEFT half (dx < 0), mirrored later."""
    return {
        # shoulder (upper trapezius + deltoid) from the trunk
        "shoulder": [(-14, 157), (-24, 178), (-48, 195), (-67, 208), (-76.5, 219), (-77, 240)],
        # deltoid / upper arm
        "deltoid": [(-71, 236), (-90, 243), (-122, 250)],
        "elbow": [(-78, 334), (-100, 338), (-130, 343)],
        "wrist": [(-94, 450), (-113, 450), (-138, 450)],
    }


def mirror(cut):
    return [(-dx, y) for dx, y in cut]


def to_abs(cut):
    return [(CX + dx, y) for dx, y in cut]


# fmt: off
def back_cuts():
    cuts = [
        [(-60, 141), (-25, 139), (0, 138.5), (25, 139), (60, 141)],  # head / neck
        [(-42, 163), (0, 164), (42, 163)],  # neck / trunk
        # lumbopelvic line (iliac crests): trunk / pelvis
        [(-84, 371), (-70, 374), (-44, 383), (-24, 389), (0, 391), (24, 389), (44, 383),
         (70, 374), (84, 371)],
        [(0, 150), (0, 400)],  # midline of the trunk
    ]
    per_side = side_cuts_common()
    per_side.update(
        {
            "upper_mid": [(3, 262), (-40, 262), (-79, 262)],
            "mid_lumbar": [(3, 322), (-40, 322), (-76, 322)],
        }
    )
    for cut in per_side.values():
        cuts.append(cut)
        cuts.append(mirror(cut))
    # sacrum (inverted triangle) and the gluteal cleft
    cuts.append([(-24, 382), (-23, 395), (-12, 422), (0, 450), (0.4, 475)])
    cuts.append([(24, 382), (23, 395), (12, 422), (1, 447.5), (-3, 457)])
    legs = {
        # sacroiliac joint strip beside the upper sacrum
        "sij": [(-43, 381), (-43, 391), (-39.5, 410), (-36, 432), (-20, 433), (-4, 434)],
        # gluteus medius (upper outer) / gluteus maximus: PSIS to greater trochanter
        "glute_line": [(-30, 418), (-40, 422), (-58, 434), (-75, 449), (-91, 455)],
        # gluteal fold
        "fold": [(-0.2, 478), (-12, 484), (-30, 487), (-50, 485), (-68, 475), (-92, 466)],
        "knee_top": [(2, 585), (-40, 585), (-80, 585)],
        "knee_bottom": [(2, 640), (-40, 640), (-80, 640)],
        "ankle": [(2, 790), (-40, 790), (-80, 790)],
    }
    for cut in legs.values():
        cuts.append(cut)
        cuts.append(mirror(cut))
    return [to_abs(c) for c in cuts]


def front_cuts():
    cuts = [
        [(-60, 143), (-25, 143), (0, 143), (25, 143), (60, 143)],  # face / neck (chin)
        [(-42, 163), (0, 164), (42, 163)],  # neck / trunk
        [(0, 150), (0, 470)],  # midline
    ]
    per_side = side_cuts_common()
    per_side.update(
        {
            "chest": [(3, 284), (-40, 284), (-79, 284)],
            "inguinal": [(3, 452), (-8, 447), (-30, 426), (-50, 404), (-62, 392), (-72, 381),
                         (-84, 375)],
            "knee_top": [(2, 585), (-40, 585), (-80, 585)],
            "knee_bottom": [(2, 640), (-40, 640), (-80, 640)],
            "ankle": [(2, 790), (-40, 790), (-80, 790)],
            # lateral strip: lateral hip (greater trochanter) + iliotibial band
            "lateral": [(-64, 382), (-57, 398), (-53, 430), (-52.5, 470), (-49.5, 520),
                        (-46, 560), (-44, 592)],
            "troch_itb": [(-45, 474), (-60, 476), (-92, 477)],
            "groin": [(0.5, 497), (-20, 492), (-40, 484), (-60, 470)],
        }
    )
    for cut in per_side.values():
        cuts.append(cut)
        cuts.append(mirror(cut))
    return [to_abs(c) for c in cuts]


# seeds for the viewer's left half: (part, dx, y)
BACK_SEEDS = [
    ("shoulder", -70, 192), ("upper_back", -40, 225), ("mid_back", -40, 292),
    ("lumbar", -35, 350), ("sij", -30, 412), ("glute_med", -60, 405),
    ("glute_max", -40, 455), ("hamstring", -40, 530), ("knee", -35, 612),
    ("calf", -35, 710), ("heel", -30, 815), ("upper_arm", -97, 290),
    ("forearm", -110, 395), ("hand", -122, 495),
]
BACK_CENTRE = [("head", 0, 90), ("neck", 0, 152), ("sacrum", 0, 410)]
FRONT_SEEDS = [
    ("shoulder", -70, 192), ("chest", -40, 230), ("abdomen", -35, 340),
    ("hip_flexor", -30, 465), ("lateral_hip", -66, 430), ("itb", -58, 520),
    ("anterior_thigh", -30, 530), ("knee", -35, 612), ("shin", -35, 710),
    ("foot", -33, 820), ("upper_arm", -97, 290), ("forearm", -110, 395),
    ("hand", -122, 495),
]
FRONT_CENTRE = [("face", 0, 90), ("neck", 0, 153)]

# fmt: on


def seeds(view):
    per_side, centre = (BACK_SEEDS, BACK_CENTRE) if view == "back" else (FRONT_SEEDS, FRONT_CENTRE)
    # back: viewer's left = client's left.  front: viewer's left = client's right.
    vl, vr = ("L", "R") if view == "back" else ("R", "L")
    out = {}
    for part, dx, y in centre:
        out[f"{view}.{part}.C"] = (CX + dx, y)
    for part, dx, y in per_side:
        out[f"{view}.{part}.{vl}"] = (CX + dx, y)
        out[f"{view}.{part}.{vr}"] = (CX - dx, y)
    return out


def build_regions(view, outline_poly):
    pieces = [list(outline_poly)]
    for cut in back_cuts() if view == "back" else front_cuts():
        apply_cut(pieces, cut)
    named = {}
    seed_map = seeds(view)
    for rid, pt in seed_map.items():
        hits = [i for i, p in enumerate(pieces) if point_in_polygon(pt, tuple(p))]
        if len(hits) != 1:
            raise SystemExit(f"seed of {rid} at {pt} lies in {len(hits)} pieces")
        if hits[0] in named.values():
            raise SystemExit(f"{rid} shares its piece with another region; a cut is missing")
        named[rid] = hits[0]
    unnamed = [i for i in range(len(pieces)) if i not in named.values()]
    for i in unnamed:
        p = tuple(pieces[i])
        print("unnamed piece", view, bounds(p), area(p), file=sys.stderr)
    if unnamed:
        raise SystemExit("some pieces have no seed; check the cuts")
    return {rid: clean(pieces[i]) for rid, i in named.items()}


# ---------------------------------------------------------------------------- metadata
# fmt: off
ORDER = {
    "back": ["head", "neck", "shoulder", "upper_back", "upper_arm", "mid_back", "lumbar",
             "forearm", "sacrum", "sij", "glute_med", "glute_max", "hand", "hamstring", "knee",
             "calf", "heel"],
    "front": ["face", "neck", "shoulder", "chest", "upper_arm", "abdomen", "forearm",
              "lateral_hip", "hip_flexor", "hand", "anterior_thigh", "itb", "knee", "shin",
              "foot"],
}
# part -> (label stem, MBM area, muscles)
META = {
    "back": {
        "head": ("Back of head", "head", ["occipitalis"]),
        "neck": ("Back of neck", "neck",
                 ["suboccipitals", "splenius capitis", "cervical erector spinae"]),
        "shoulder": ("Top of shoulder (upper trapezius, deltoid)", "shoulder",
                     ["upper trapezius", "levator scapulae", "posterior deltoid"]),
        "upper_back": ("Upper back (shoulder blade)", "upper back",
                       ["rhomboids", "middle trapezius", "infraspinatus",
                        "thoracic erector spinae"]),
        "upper_arm": ("Back of upper arm", "upper arm", ["triceps brachii"]),
        "mid_back": ("Mid back (lower ribs)", "upper back",
                     ["latissimus dorsi", "lower trapezius", "thoracic erector spinae"]),
        "lumbar": ("Lower back (lumbar)", "lower back",
                   ["lumbar erector spinae", "multifidus", "quadratus lumborum"]),
        "forearm": ("Back of forearm", "lower arm", ["wrist and finger extensors"]),
        "sacrum": ("Sacrum / tailbone", "lower back", ["multifidus"]),
        "sij": ("Sacroiliac joint", "lower back",
                ["gluteus maximus (sacral fibres)", "multifidus"]),
        "glute_med": ("Upper-outer buttock (gluteus medius)", "buttocks",
                      ["gluteus medius", "gluteus minimus"]),
        "glute_max": ("Central/lower buttock (gluteus maximus, piriformis)", "buttocks",
                      ["gluteus maximus", "piriformis", "deep hip rotators"]),
        "hand": ("Back of hand and wrist", "wrist/hand", ["hand extensor tendons"]),
        "hamstring": ("Back of thigh (hamstrings)", "upper leg",
                      ["biceps femoris", "semitendinosus", "semimembranosus"]),
        "knee": ("Back of knee", "knee", ["popliteus", "hamstring tendons", "gastrocnemius heads"]),
        "calf": ("Calf", "lower leg", ["gastrocnemius", "soleus"]),
        "heel": ("Heel and Achilles", "ankle/foot", ["achilles tendon", "plantar fascia"]),
    },
    "front": {
        "face": ("Face and jaw", "face", ["masseter", "temporalis"]),
        "neck": ("Front of neck", "neck", ["sternocleidomastoid", "scalenes"]),
        "shoulder": ("Shoulder (deltoid, top of shoulder)", "shoulder",
                     ["anterior deltoid", "upper trapezius"]),
        "chest": ("Chest", "chest/breast", ["pectoralis major", "pectoralis minor"]),
        "upper_arm": ("Front of upper arm", "upper arm", ["biceps brachii", "brachialis"]),
        "abdomen": ("Abdomen", "abdomen",
                    ["rectus abdominis", "obliques", "transversus abdominis"]),
        "forearm": ("Front of forearm", "lower arm", ["wrist and finger flexors",
                                                      "brachioradialis"]),
        "lateral_hip": ("Outer hip (greater trochanter)", "hip",
                        ["gluteus medius tendon", "gluteus minimus", "tensor fasciae latae"]),
        "hip_flexor": ("Groin / front of hip (hip flexors)", "groin",
                       ["iliopsoas", "rectus femoris", "sartorius", "adductors (proximal)"]),
        "hand": ("Palm and wrist", "wrist/hand", ["thenar muscles", "hand flexor tendons"]),
        "anterior_thigh": ("Front of thigh (quadriceps)", "upper leg",
                           ["rectus femoris", "vastus medialis", "vastus intermedius",
                            "adductors"]),
        "itb": ("Outer thigh (iliotibial band)", "upper leg",
                ["iliotibial band", "vastus lateralis"]),
        "knee": ("Front of knee", "knee", ["patellar tendon", "quadriceps tendon"]),
        "shin": ("Shin", "lower leg", ["tibialis anterior", "fibularis (peroneals)"]),
        "foot": ("Ankle and foot", "ankle/foot", ["tibialis anterior tendon", "foot intrinsics"]),
    },
}
# fmt: on
SIDE_WORD = {"L": "left", "R": "right", "C": "centre"}


def ordered_ids(view, regions):
    def key(rid):
        _, part, side = rid.split(".")
        return ORDER[view].index(part), "LRC".index(side)

    return sorted(regions, key=key)


# ---------------------------------------------------------------------------- guides
def ellipse(cx, cy, rx, ry):
    """Closed ellipse as four cubic arcs."""
    k = 0.5523
    quarters = [
        ((cx + k * rx, cy - ry), (cx + rx, cy - k * ry), (cx + rx, cy)),
        ((cx + rx, cy + k * ry), (cx + k * rx, cy + ry), (cx, cy + ry)),
        ((cx - k * rx, cy + ry), (cx - rx, cy + k * ry), (cx - rx, cy)),
        ((cx - rx, cy - k * ry), (cx - k * rx, cy - ry), (cx, cy - ry)),
    ]
    parts = [f"M {fmt(cx)} {fmt(cy - ry)}"]
    for c1, c2, p in quarters:
        coords = (*c1, *c2, *p)
        parts.append("C " + " ".join(fmt(v) for v in coords))
    parts.append("Z")
    return " ".join(parts)


def guides(view):
    g = []
    for sgn in (-1, 1):
        m = lambda pts, s=sgn: [(CX + s * dx, y) for dx, y in pts]  # noqa: E731
        if view == "back":
            # medial border of the shoulder blade
            g.append(m([(21, 196), (19, 222), (21.5, 246), (31, 259)]))
            # popliteal crease
            g.append(m([(19, 612), (34, 614.5), (49, 612)]))
        else:
            # clavicle
            g.append(m([(8, 170), (26, 175.5), (48, 174), (70, 180), (84, 186)]))
            # patella
            g.append(ellipse(CX + sgn * 33, 610, 8, 11))
            # elbow crease
            g.append(m([(97, 340), (104, 342.5), (111, 341)]))
            # toes
            g.append(m([(26.5, 836), (26.5, 846.5)]))
            g.append(m([(36, 835), (37, 846)]))
    if view == "back":
        g.insert(0, [(CX, 168), (CX, 389)])  # spine
    else:
        # navel
        g.append(ellipse(CX, 359, 2.6, 3.4))
    return g


# ---------------------------------------------------------------------------- writing
STYLE = {
    "skin": "#eef0f2",
    "outline": "#5b6573",
    "guide": "#aab3bf",
    "region": "#c5ccd6",
    "text": "#2f3742",
}


def labels(view):
    left_x, right_x = 26, 374
    client_left_x, client_right_x = (left_x, right_x) if view == "back" else (right_x, left_x)
    la = "start" if client_left_x == left_x else "end"
    ra = "start" if client_right_x == left_x else "end"
    title = "BACK" if view == "back" else "FRONT"
    sub = "posterior view" if view == "back" else "anterior view"
    t = STYLE["text"]
    return [
        f'<text x="{fmt(CX)}" y="24" text-anchor="middle" font-size="20" font-weight="bold" '
        f'letter-spacing="3" fill="{t}">{title}</text>',
        f'<text x="{fmt(CX)}" y="878" text-anchor="middle" font-size="11" fill="#7a8494">{sub}'
        "</text>",
        f'<text x="{client_left_x}" y="70" text-anchor="{la}" font-size="13" fill="{t}">'
        "client's LEFT</text>",
        f'<text x="{client_right_x}" y="70" text-anchor="{ra}" font-size="13" fill="{t}">'
        "client's RIGHT</text>",
        f'<text x="{client_left_x}" y="98" text-anchor="{la}" font-size="26" font-weight="bold" '
        f'fill="{t}">L</text>',
        f'<text x="{client_right_x}" y="98" text-anchor="{ra}" font-size="26" '
        f'font-weight="bold" fill="{t}">R</text>',
    ]


def poly_points(poly):
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in poly)


def write_svg(view, outline_d, regions, guide_lines):
    s = STYLE
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {fmt(W)} {fmt(H)}" '
        f'width="{fmt(W)}" height="{fmt(H)}" data-diagram-version="{VERSION}" '
        f'data-view="{view}">',
        f"  <title>GluteDesk body chart, {view} view (diagram version {VERSION})</title>",
        "  <!-- Drawn for GluteDesk. Region ids: <view>.<part>.<L|R|C>; L/R is always the",
        "       CLIENT's side. Back view: client's left on the viewer's left. Front view:",
        "       client's left on the viewer's right. Generated by diagrams/tools/"
        "build_body_chart.py. -->",
        f'  <g id="silhouette" fill="{s["skin"]}" stroke="{s["outline"]}" stroke-width="1.6" '
        'stroke-linejoin="round">',
        f'    <path id="body-outline" d="{outline_d}"/>',
        "  </g>",
        f'  <g id="guides" fill="none" stroke="{s["guide"]}" stroke-width="1" '
        'stroke-linecap="round" stroke-linejoin="round">',
    ]
    for g in guide_lines:
        d = g if isinstance(g, str) else open_spline(g)
        lines.append(f'    <path d="{d}"/>')
    lines.append("  </g>")
    lines.append(
        f'  <g id="regions" fill="none" stroke="{s["region"]}" stroke-width="0.9" '
        'stroke-linejoin="round">'
    )
    for rid in ordered_ids(view, regions):
        lines.append(f'    <polygon id="{rid}" points="{poly_points(regions[rid])}"/>')
    lines.append("  </g>")
    lines.append(
        f'  <g id="outline-overlay" fill="none" stroke="{s["outline"]}" stroke-width="1.6" '
        'stroke-linejoin="round">'
    )
    lines.append(f'    <path d="{outline_d}"/>')
    lines.append("  </g>")
    lines.append('  <g id="labels" font-family="Helvetica, Arial, sans-serif">')
    for lab in labels(view):
        lines.append("    " + lab)
    lines.append("  </g>")
    lines.append("</svg>")
    (OUT / f"body_{view}.svg").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main():
    manifest = []
    for view in ("back", "front"):
        segs = catmull_rom(full_outline(view))
        d = bezier_path(segs)
        ((outline_poly, _closed),) = parse_path(d)
        regions = build_regions(view, outline_poly)
        write_svg(view, d, regions, guides(view))
        for rid in ordered_ids(view, regions):
            _, part, side = rid.split(".")
            stem, mbm, muscles = META[view][part]
            label = stem if side == "C" else f"{stem}, {SIDE_WORD[side]}"
            manifest.append(
                {
                    "id": rid,
                    "label": label,
                    "view": view,
                    "side": SIDE_WORD[side],
                    "mbm_code": mbm,
                    "muscles": muscles,
                }
            )
        # size report
        for rid in ordered_ids(view, regions):
            poly = tuple(regions[rid])
            bx = bounds(poly)
            ip = interior_point(poly)
            r = distance_to_outline(ip, poly)
            flag = "  <-- small" if r < 7 else ""
            print(
                f"{rid:28s} w={bx[2] - bx[0]:6.1f} h={bx[3] - bx[1]:6.1f} r_in={r:5.1f} "
                f"n={len(poly)}{flag}"
            )
    text = json.dumps({"version": VERSION, "regions": manifest}, indent=2, ensure_ascii=False)
    (OUT / "regions.json").write_text(text + "\n", encoding="utf-8")
    print(len(manifest), "regions")


if __name__ == "__main__":
    main()
