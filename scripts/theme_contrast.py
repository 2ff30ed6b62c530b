"""Contrast of GluteDesk's text colour pairs in the light and dark themes (WCAG ratio).

Reads the pairs from glutedesk/ui/style.py and prints one row per text-on-background pair;
every ratio must be at least 4.5 (tests/ui/test_dark_mode.py also measures rendered pixels).

    .venv/bin/python scripts/theme_contrast.py
"""

from __future__ import annotations

import sys

from glutedesk.ui.style import DARK, LIGHT
from glutedesk.ui.style_colours import TEXT_ON_BACKGROUND


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def main() -> int:
    print(f"{'text':<13} {'background':<12} {'light':>7} {'dark':>7}")
    worst = 99.0
    for text, background in TEXT_ON_BACKGROUND:
        light, dark = ratio(LIGHT[text], LIGHT[background]), ratio(DARK[text], DARK[background])
        worst = min(worst, light, dark)
        print(f"{text:<13} {background:<12} {light:>6.2f}:1 {dark:>5.2f}:1")
    print(f"lowest: {worst:.2f}:1 (WCAG AA text needs 4.5:1)")
    return 0 if worst >= 4.5 else 1


if __name__ == "__main__":
    sys.exit(main())
