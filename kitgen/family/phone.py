"""Phone numbers: text as someone wrote it in, a :class:`Phone` (E.164 and a printable form) out.

Numbers without ``+`` are read as US numbers. Parsing and formatting use ``phonenumbers``
(Google's libphonenumber metadata), entirely offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

#: Where a number without a leading ``+`` is dialled from.
DEFAULT_REGION = "US"

_EXAMPLE = "write it like 617-555-0134, or with + and the country code for a number abroad"


@dataclass(frozen=True)
class Phone:
    """A phone number. ``display`` is what a packet prints.

    ``e164`` is the number alone (``+16175550134``), for links and comparisons; ``display`` is
    ``(617) 555-0134`` for North American numbers, international format (``+503 2555 0100``)
    for others, with `` ext. 12`` when there is an extension.
    """

    e164: str
    display: str
    extension: str | None = None

    def __str__(self) -> str:
        return self.display


class PhoneError(ValueError):
    """``text`` is not a phone number; the message says why and how to write one."""


def parse_phone(text: str, region: str = DEFAULT_REGION) -> Phone:
    """Parse ``617-555-0134``, ``+503 2555 0100``, ``800-USA-LEARN``...; else PhoneError."""
    number = _parse(text, region)
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != ValidationResult.IS_POSSIBLE and re.search(r"[A-Za-z]{2}", text):
        # A vanity number often has more letters than digits are dialled ("800-USA-LEARN" is
        # 800-872-5327): drop trailing letters until the number is complete.
        trimmed = text.rstrip()
        while reason != ValidationResult.IS_POSSIBLE and trimmed and trimmed[-1].isalpha():
            trimmed = trimmed[:-1]
            try:
                candidate = phonenumbers.parse(trimmed, region)
            except NumberParseException:
                break
            if (
                phonenumbers.is_possible_number_with_reason(candidate)
                == ValidationResult.IS_POSSIBLE
            ):
                number, reason = candidate, ValidationResult.IS_POSSIBLE
    if reason == ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        raise PhoneError("needs its area code; write it like 617-555-0134")
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        raise PhoneError(f"does not start with a real country code after +; {_EXAMPLE}")
    if reason != ValidationResult.IS_POSSIBLE:
        length = {
            ValidationResult.TOO_SHORT: "too short",
            ValidationResult.TOO_LONG: "too long",
        }.get(reason, "the wrong length")
        raise PhoneError(f"is {length} for a phone number; {_EXAMPLE}")
    # Possible is enough; valid is not required: 555-0100 to 555-0199 are reserved for fiction
    # (samples and tests use them) and libphonenumber's metadata may call them invalid, as it
    # may a new area code it does not know yet. Refusing a real number at a workshop is worse
    # than accepting a typo, so only the North American structure is checked on top.
    national = str(number.national_number)
    if number.country_code == 1 and (national[0] in "01" or national[3] in "01"):
        part = "area code" if national[0] in "01" else "exchange (the 3 digits after the area code)"
        raise PhoneError(f"has a US {part} that cannot start with 0 or 1; {_EXAMPLE}")
    style = (
        PhoneNumberFormat.NATIONAL if number.country_code == 1 else PhoneNumberFormat.INTERNATIONAL
    )
    return Phone(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        display=phonenumbers.format_number(number, style),
        extension=number.extension or None,
    )


def _parse(text: str, region: str) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException as error:
        if error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise PhoneError(
                f"does not start with a real country code after +; {_EXAMPLE}"
            ) from None
        if error.error_type in (
            NumberParseException.TOO_SHORT_NSN,
            NumberParseException.TOO_SHORT_AFTER_IDD,
        ):
            raise PhoneError(f"is too short for a phone number; {_EXAMPLE}") from None
        if error.error_type == NumberParseException.TOO_LONG:
            raise PhoneError(f"is too long for a phone number; {_EXAMPLE}") from None
        raise PhoneError(f"is not a phone number; {_EXAMPLE}") from None
