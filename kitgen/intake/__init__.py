"""Intake forms: the family-file questions as a PDF form, and a filled form read back.

A way in on top of the family stage (:mod:`kitgen.family`): the questions, their rules and their
order come from the family file's one field table (:mod:`.questions`), the labels from the
packet's catalog plus a few intake-only strings (:mod:`.labels`, gettext domain ``intake``), and
the pages are typeset by kitgen's own engine (:mod:`.layout`, :mod:`.draw`).

- :func:`build_intake_form`: language, paper, flavour (fillable AcroForm or printable), optional
  family to pre-fill -> PDF bytes;
- :func:`read_intake_form`: the bytes of a filled form -> the family file's text (YAML, with a
  comment on every answer that breaks a rule) and the problems, each with the form's label and
  the family-file path;
- :func:`blank_family_yaml_in`: the commented blank family file, its notes in a language.
"""

from .blank import blank_family_yaml_in as blank_family_yaml_in
from .form import IntakeForm as IntakeForm
from .form import build_intake_form as build_intake_form
from .read import ReadBack as ReadBack
from .read import read_intake_form as read_intake_form

__all__ = [
    "IntakeForm",
    "ReadBack",
    "blank_family_yaml_in",
    "build_intake_form",
    "read_intake_form",
]
