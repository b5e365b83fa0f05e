"""The family stage: a family file in, a validated, immutable :class:`Family` out.

A family file is YAML (or JSON) in the format of
``samples/families/boston-rivera-es.yaml``. The field
table in :mod:`kitgen.family.model` drives validation, :func:`family_schema` and
:func:`blank_family_yaml`. Every problem is reported at once, in one
:class:`~kitgen.errors.DataError`.
Sensitive numbers are kept but print as blank lines unless ``print_sensitive`` is true
(:meth:`Family.sensitive`). There is no immigration-status field, and a file with one is refused.
"""

from kitgen.family.model import SENSITIVE_FIELDS as SENSITIVE_FIELDS
from kitgen.family.model import Caregiver as Caregiver
from kitgen.family.model import CaregiverForms as CaregiverForms
from kitgen.family.model import Caregivers as Caregivers
from kitgen.family.model import Child as Child
from kitgen.family.model import Contact as Contact
from kitgen.family.model import Doctor as Doctor
from kitgen.family.model import Document as Document
from kitgen.family.model import Family as Family
from kitgen.family.model import Insurance as Insurance
from kitgen.family.model import Medication as Medication
from kitgen.family.model import MoneyItem as MoneyItem
from kitgen.family.model import NumberToMemorize as NumberToMemorize
from kitgen.family.model import Parent as Parent
from kitgen.family.model import Wishes as Wishes
from kitgen.family.model import Witness as Witness
from kitgen.family.phone import Phone as Phone
from kitgen.family.schema import blank_family_yaml as blank_family_yaml
from kitgen.family.schema import family_schema as family_schema
from kitgen.family.validate import load_family as load_family
from kitgen.family.validate import parse_family as parse_family

__all__ = [
    "SENSITIVE_FIELDS",
    "Caregiver",
    "CaregiverForms",
    "Caregivers",
    "Child",
    "Contact",
    "Doctor",
    "Document",
    "Family",
    "Insurance",
    "Medication",
    "MoneyItem",
    "NumberToMemorize",
    "Parent",
    "Phone",
    "Wishes",
    "Witness",
    "blank_family_yaml",
    "family_schema",
    "load_family",
    "parse_family",
]
