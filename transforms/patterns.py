"""One regex out of many, for scanning a turn once instead of once per pattern."""

import re
from collections.abc import Iterable

# Every pattern given starts at a word; saying so once, up front, lets the engine skip
# mid-word positions before trying any alternative (measured about 1.7x faster than `\b`).
_WORD_START = r"(?<!\w)(?=\w)"


def at_word_start(alternatives: Iterable[str]) -> re.Pattern:
    """`alternatives` (regex sources, named groups allowed) joined into one compiled regex."""
    return re.compile(_WORD_START + "(?:" + "|".join(alternatives) + ")")
