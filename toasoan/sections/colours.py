"""A portal's colour (`PortalSettings.colour`) as the stylesheet's three shades of it.

The stylesheet (css/site.css) draws headers, bars and links with `--blue`, `--blue-dark` and
`--blue-soft`. A portal with a colour of its own gets a small stylesheet that sets them, at an
address naming the colour (`/giao-dien/1f6f3a.css`): it depends on nothing else, so browsers, nginx
and a CDN keep it for good, and a new colour is a new address on pages that are rendered again
anyway when settings change. The high-contrast reading mode still wins (its selector is more
specific than `:root`).
"""

from __future__ import annotations

import re

#: WCAG 2 AA for normal text: white on the bars, and the colour's links on white.
MIN_CONTRAST = 4.5
HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
#: The darker shade (hover, borders) mixes in black; the soft one (tinted boxes) mostly white.
DARK_MIX = 0.25
SOFT_MIX = 0.9


def _channels(colour: str) -> tuple[int, int, int]:
    found = HEX.match(colour)
    if found is None:
        raise ValueError(colour)
    digits = found.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _hex(channels) -> str:
    return "#" + "".join(f"{round(value):02x}" for value in channels)


def _linear(value: int) -> float:
    share = value / 255
    return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    red, green, blue = (_linear(value) for value in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white on *colour* (1 to 21)."""
    return 1.05 / (luminance(colour) + 0.05)


def readable(colour: str) -> bool:
    return contrast_with_white(colour) >= MIN_CONTRAST


def _mix(colour: str, towards: int, share: float) -> str:
    return _hex(value + (towards - value) * share for value in _channels(colour))


def shades(colour: str) -> dict[str, str]:
    """`--blue`, `--blue-dark` and `--blue-soft` for *colour* (`#1f6f3a` or `1f6f3a`)."""
    base = _hex(_channels(colour))
    return {"blue": base, "blue-dark": _mix(base, 0, DARK_MIX), "blue-soft": _mix(base, 255, SOFT_MIX)}


def stylesheet(colour: str) -> str:
    variables = ";".join(f"--{name}:{value}" for name, value in shades(colour).items())
    return f":root{{{variables}}}\n"


def slug(colour: str) -> str:
    """The colour as it appears in the stylesheet's address: six lower-case hex digits."""
    return _hex(_channels(colour))[1:]
