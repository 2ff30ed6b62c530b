"""The clinical catalogues (tests, exercises, techniques, red flags, posture, pain character).

Everything a therapist picks from is data in ``resources/*.json``, so adding a test or an exercise
is a data edit, not a code change. The package has three parts: :mod:`.model` (what an entry is),
:mod:`.parser` (:func:`load_catalogue`, reading the six files strictly, with :mod:`.readers` for
the typed reads) and :mod:`.values` (checking a recorded result against its test's fields).
"""

from glutedesk.domain.catalogue.model import (
    CATALOGUE_FILES,
    EXERCISES_FILE,
    NERVE_PAIN_IDS,
    ORDER_UNDETERMINED,
    PAIN_CHARACTER_FILE,
    POSTURE_FILE,
    RED_FLAGS_FILE,
    SOFT_TISSUE_PAIN_IDS,
    TECHNIQUES_FILE,
    TESTS_FILE,
    AdviceOption,
    Catalogue,
    Dose,
    ExerciseDefinition,
    ExerciseTarget,
    FieldDefinition,
    FieldType,
    Measure,
    Option,
    PainCharacterItem,
    PainIndicator,
    PostureGroup,
    PostureItem,
    RedFlagGroup,
    RedFlagItem,
    Technique,
    TestDefinition,
    TestSection,
)
from glutedesk.domain.catalogue.parser import load_catalogue
from glutedesk.domain.catalogue.readers import SUPPORTED_VERSIONS
from glutedesk.domain.catalogue.values import (
    validate_test_result,
    validate_test_values,
)

__all__ = [
    "CATALOGUE_FILES",
    "EXERCISES_FILE",
    "NERVE_PAIN_IDS",
    "ORDER_UNDETERMINED",
    "PAIN_CHARACTER_FILE",
    "POSTURE_FILE",
    "RED_FLAGS_FILE",
    "SOFT_TISSUE_PAIN_IDS",
    "SUPPORTED_VERSIONS",
    "TECHNIQUES_FILE",
    "TESTS_FILE",
    "AdviceOption",
    "Catalogue",
    "Dose",
    "ExerciseDefinition",
    "ExerciseTarget",
    "FieldDefinition",
    "FieldType",
    "Measure",
    "Option",
    "PainCharacterItem",
    "PainIndicator",
    "PostureGroup",
    "PostureItem",
    "RedFlagGroup",
    "RedFlagItem",
    "Technique",
    "TestDefinition",
    "TestSection",
    "load_catalogue",
    "validate_test_result",
    "validate_test_values",
]
