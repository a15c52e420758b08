"""Personal data out of text that ends up in logs and dead-letter errors: an API's error
message may echo the value it refused (an email address, a phone number)."""

import re

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)*")
_PHONE = re.compile(r"(?<![\w.(])\+?\(?\d[\d ().-]{6,}\d(?![\w.])")


def redact_pii(text: str) -> str:
    """`text` with email addresses and phone numbers replaced by <email> and <phone>."""
    return _PHONE.sub("<phone>", _EMAIL.sub("<email>", text))
