"""Demo "photos" drawn with Pillow: a scene in the section's colour and a caption band.

Nothing is downloaded. The caption is drawn with DejaVu (Debian's `fonts-dejavu-core`),
which has every Vietnamese glyph; without it the picture is drawn without text.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .content import ImageSpec

SIZE = (1200, 675)
JPEG_QUALITY = 82

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
)

RGB = tuple[int, int, int]
Motif = Callable[[ImageDraw.ImageDraw, random.Random, RGB], None]


@lru_cache(maxsize=8)
def load_font(size: int) -> ImageFont.FreeTypeFont | None:
    """DejaVu at *size* points, or None when no usable font file is installed."""
    for path in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            continue
    return None


def mix(colour: RGB, other: RGB, amount: float) -> RGB:
    """*colour* moved *amount* (0–1) of the way towards *other*."""
    return tuple(round(c + (o - c) * amount) for c, o in zip(colour, other, strict=True))  # type: ignore[return-value]


WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)


def _gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(ramp, black=top, white=bottom)


# --------------------------------------------------------------------------- motifs
# Each draws on a 1200×675 canvas whose upper part is sky; the horizon is at y=430.

HORIZON = 430


def _ground(draw: ImageDraw.ImageDraw, colour: RGB, top: int = HORIZON) -> None:
    draw.rectangle((0, top, SIZE[0], SIZE[1]), fill=mix(colour, BLACK, 0.35))


def _tree(draw: ImageDraw.ImageDraw, x: int, base: int, height: int, colour: RGB) -> None:
    draw.rectangle((x - 5, base - height // 2, x + 5, base), fill=(92, 64, 40))
    radius = height // 3
    draw.ellipse((x - radius, base - height, x + radius, base - height + 2 * radius), fill=colour)


def _sun(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    x, y, r = rng.randint(850, 1080), rng.randint(70, 150), rng.randint(38, 55)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 236, 170))


def motif_city(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _sun(draw, rng)
    x = -20
    while x < SIZE[0]:
        width, height = rng.randint(70, 140), rng.randint(120, 320)
        body = mix(colour, rng.choice([WHITE, BLACK]), rng.uniform(0.15, 0.45))
        draw.rectangle((x, HORIZON - height, x + width, HORIZON + 40), fill=body)
        for wy in range(HORIZON - height + 18, HORIZON, 34):
            for wx in range(x + 12, x + width - 18, 26):
                draw.rectangle((wx, wy, wx + 12, wy + 16), fill=mix(body, WHITE, 0.6))
        x += width + rng.randint(4, 16)
    _ground(draw, (120, 120, 120), HORIZON + 40)
    draw.rectangle((0, HORIZON + 40, SIZE[0], HORIZON + 70), fill=(200, 200, 196))  # pavement
    for tx in range(60, SIZE[0], 170):
        _tree(draw, tx + rng.randint(-20, 20), HORIZON + 60, rng.randint(110, 150), (46, 125, 50))


def motif_bridge(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _sun(draw, rng)
    draw.rectangle((0, HORIZON, SIZE[0], SIZE[1]), fill=(70, 130, 170))  # water
    for y in range(HORIZON + 20, SIZE[1], 28):
        x = rng.randint(0, 200)
        while x < SIZE[0]:
            draw.line((x, y, x + 60, y), fill=(150, 195, 220), width=3)
            x += rng.randint(140, 260)
    draw.polygon([(0, HORIZON - 10), (180, HORIZON - 10), (120, SIZE[1]), (0, SIZE[1])], fill=(86, 120, 60))
    draw.polygon(
        [(SIZE[0], HORIZON - 10), (1020, HORIZON - 10), (1080, SIZE[1]), (SIZE[0], SIZE[1])],
        fill=(86, 120, 60),
    )
    deck = mix(colour, WHITE, 0.2)
    draw.arc((140, HORIZON - 120, 1060, HORIZON + 260), start=200, end=340, fill=deck, width=22)
    draw.rectangle((150, HORIZON - 40, 1050, HORIZON - 24), fill=deck)
    for px in range(170, 1040, 40):
        draw.line((px, HORIZON - 40, px, HORIZON - 80), fill=mix(deck, BLACK, 0.2), width=4)
    draw.line((150, HORIZON - 80, 1050, HORIZON - 80), fill=mix(deck, BLACK, 0.2), width=5)


def motif_construction(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _ground(draw, (150, 110, 70))
    crane = (240, 180, 40)
    draw.rectangle((760, 90, 784, HORIZON), fill=crane)
    draw.rectangle((520, 80, 1100, 100), fill=crane)
    draw.line((640, 100, 640, 260), fill=(60, 60, 60), width=3)
    draw.rectangle((610, 260, 670, 300), fill=mix(colour, BLACK, 0.2))
    for i in range(6):  # culvert sections
        x = 80 + i * 110
        y = HORIZON + 70 + (i % 2) * 60
        draw.rectangle((x, y, x + 90, y + 80), fill=(170, 170, 165), outline=(110, 110, 105), width=4)
        draw.rectangle((x + 16, y + 16, x + 74, y + 64), fill=(90, 90, 90))
    for x in range(0, SIZE[0], 80):  # safety fence
        draw.rectangle((x, HORIZON - 30, x + 40, HORIZON), fill=(230, 90, 40))
        draw.rectangle((x + 40, HORIZON - 30, x + 80, HORIZON), fill=WHITE)


def motif_park(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _sun(draw, rng)
    draw.ellipse((-200, HORIZON - 120, 700, HORIZON + 260), fill=(110, 160, 90))
    draw.ellipse((500, HORIZON - 80, 1500, HORIZON + 300), fill=(90, 145, 80))
    draw.rectangle((0, HORIZON + 60, SIZE[0], SIZE[1]), fill=(100, 155, 85))
    draw.polygon(
        [(520, SIZE[1]), (700, SIZE[1]), (640, HORIZON + 40), (600, HORIZON + 40)], fill=(220, 205, 170)
    )
    for _ in range(14):
        _tree(
            draw,
            rng.randint(0, SIZE[0]),
            rng.randint(HORIZON + 40, HORIZON + 140),
            rng.randint(120, 200),
            mix((40, 120, 60), colour, rng.uniform(0.0, 0.3)),
        )
    for bx in (300, 860):
        draw.rectangle((bx, HORIZON + 150, bx + 110, HORIZON + 162), fill=(120, 80, 50))
        draw.rectangle((bx, HORIZON + 125, bx + 110, HORIZON + 137), fill=(120, 80, 50))


def motif_hall(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    draw.rectangle((0, 0, SIZE[0], SIZE[1]), fill=mix(colour, WHITE, 0.75))
    draw.rectangle((120, 60, 1080, 330), fill=mix(colour, BLACK, 0.15))  # backdrop
    draw.rectangle((220, 110, 980, 190), fill=mix(colour, WHITE, 0.85))  # banner
    draw.rectangle((300, 225, 900, 245), fill=mix(colour, WHITE, 0.5))
    draw.rectangle((80, 330, 1120, 380), fill=(120, 70, 40))  # stage edge / table
    for row in range(4):
        y = 430 + row * 62
        for i in range(11 - row % 2):
            x = 60 + i * 110 + (row % 2) * 55 + rng.randint(-6, 6)
            shade = mix((60, 45, 35), WHITE, rng.uniform(0.0, 0.25))
            draw.ellipse((x, y, x + 44, y + 44), fill=shade)
            draw.rectangle((x - 10, y + 40, x + 54, y + 90), fill=mix(colour, BLACK, rng.uniform(0.1, 0.5)))


def motif_office(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    draw.rectangle((0, 0, SIZE[0], SIZE[1]), fill=mix(colour, WHITE, 0.82))
    draw.rectangle((0, 0, SIZE[0], 70), fill=mix(colour, BLACK, 0.1))
    draw.rectangle((0, 420, SIZE[0], SIZE[1]), fill=(190, 180, 165))  # floor
    for i in range(4):
        x = 70 + i * 280
        draw.rectangle((x, 330, x + 230, 440), fill=mix(colour, WHITE, 0.3))  # counter
        draw.rectangle((x + 60, 230, x + 170, 310), fill=(40, 44, 52))  # screen
        draw.rectangle((x + 70, 240, x + 160, 300), fill=(120, 180, 220))
        draw.rectangle((x + 105, 310, x + 125, 330), fill=(40, 44, 52))
        draw.rectangle((x + 85, 110, x + 145, 160), fill=WHITE)  # counter number
    for i in range(9):
        x = 80 + i * 120
        draw.rectangle((x, 540, x + 80, 560), fill=mix(colour, BLACK, 0.3))


def motif_market(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _ground(draw, (160, 150, 140))
    stripes = (mix(colour, WHITE, 0.1), WHITE)
    for i in range(4):
        x = 20 + i * 295
        for s in range(10):
            draw.rectangle((x + s * 26, 170, x + s * 26 + 26, 240), fill=stripes[s % 2])
        draw.polygon([(x, 240), (x + 260, 240), (x + 250, 262), (x + 10, 262)], fill=mix(colour, BLACK, 0.2))
        draw.rectangle((x + 10, 262, x + 20, 470), fill=(90, 70, 50))
        draw.rectangle((x + 240, 262, x + 250, 470), fill=(90, 70, 50))
        draw.rectangle((x, 400, x + 260, 480), fill=(150, 105, 60))  # stall table
        for b in range(4):
            bx = x + 18 + b * 60
            fruit = rng.choice([(230, 120, 30), (120, 180, 60), (200, 40, 50), (240, 210, 60)])
            draw.ellipse((bx, 350, bx + 52, 410), fill=(170, 130, 80))
            for _ in range(5):
                fx, fy = bx + rng.randint(6, 34), 345 + rng.randint(0, 20)
                draw.ellipse((fx, fy, fx + 16, fy + 16), fill=fruit)


def motif_festival(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    draw.rectangle((0, 0, SIZE[0], SIZE[1]), fill=mix(colour, BLACK, 0.55))
    night = mix(colour, BLACK, 0.3)
    for i in range(8):
        x = i * 150
        draw.rectangle((x, 220, x + 140, HORIZON + 60), fill=night)
        draw.rectangle((x + 20, 300, x + 120, HORIZON + 60), fill=(250, 200, 110))
    _ground(draw, (90, 80, 80), HORIZON + 60)
    for string_y in (90, 150):
        draw.line((0, string_y, SIZE[0], string_y + 30), fill=(60, 40, 30), width=2)
        for x in range(40, SIZE[0], 90):
            y = string_y + x * 30 // SIZE[0]
            lantern = rng.choice([(230, 50, 40), (250, 170, 40), (240, 90, 60)])
            draw.ellipse((x - 22, y + 6, x + 22, y + 56), fill=lantern)
            draw.rectangle((x - 10, y, x + 10, y + 8), fill=(200, 160, 60))


def motif_temple(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _sun(draw, rng)
    _ground(draw, (170, 150, 120))
    roof = (150, 60, 40)
    draw.polygon([(260, 240), (940, 240), (1040, 320), (160, 320)], fill=roof)
    draw.polygon([(330, 170), (870, 170), (960, 240), (240, 240)], fill=mix(roof, BLACK, 0.15))
    draw.line((150, 320, 120, 290), fill=roof, width=10)
    draw.line((1050, 320, 1080, 290), fill=roof, width=10)
    draw.rectangle((230, 320, 970, HORIZON + 20), fill=(230, 205, 160))
    for x in range(270, 960, 110):
        draw.rectangle((x, 320, x + 22, HORIZON + 20), fill=(160, 40, 35))
    for x in (80, 1110):  # flag poles
        draw.line((x, 90, x, HORIZON + 40), fill=(90, 70, 50), width=6)
        draw.rectangle((x + 3, 95, x + 63, 140), fill=mix(colour, (240, 200, 40), 0.6))
    for x in range(200, 1000, 100):
        draw.ellipse((x, 345, x + 34, 385), fill=(230, 50, 40))


def motif_library(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    draw.rectangle((0, 0, SIZE[0], SIZE[1]), fill=mix(colour, WHITE, 0.85))
    for shelf in range(3):
        x0 = 60 + shelf * 370
        draw.rectangle((x0, 60, x0 + 330, 560), fill=(130, 90, 55))
        for row in range(5):
            y = 80 + row * 96
            x = x0 + 14
            while x < x0 + 310:
                width = rng.randint(14, 30)
                height = rng.randint(60, 82)
                book = mix(
                    rng.choice([(200, 60, 60), (60, 120, 190), (230, 180, 50), (70, 150, 90), colour]),
                    WHITE,
                    rng.uniform(0.0, 0.3),
                )
                draw.rectangle((x, y + 82 - height, x + width, y + 82), fill=book)
                x += width + 3
            draw.rectangle((x0, y + 82, x0 + 330, y + 92), fill=(100, 65, 40))
    draw.rectangle((0, 560, SIZE[0], SIZE[1]), fill=(200, 170, 130))


def motif_houses(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _sun(draw, rng)
    _ground(draw, (110, 150, 80))
    for i in range(5):
        x = 40 + i * 230
        wall = mix(rng.choice([(245, 230, 200), (230, 240, 245), (250, 240, 215)]), colour, 0.12)
        draw.rectangle((x, 280, x + 190, HORIZON + 40), fill=wall)
        draw.polygon([(x - 20, 285), (x + 95, 190), (x + 210, 285)], fill=(190, 60, 45))
        draw.rectangle((x + 75, 370, x + 115, HORIZON + 40), fill=(120, 80, 50))
        draw.rectangle((x + 20, 310, x + 60, 350), fill=(120, 180, 220))
        draw.rectangle((x + 130, 310, x + 170, 350), fill=(120, 180, 220))


def motif_gallery(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    draw.rectangle((0, 0, SIZE[0], SIZE[1]), fill=(236, 232, 224))
    draw.rectangle((0, 470, SIZE[0], SIZE[1]), fill=(160, 130, 100))
    for i in range(5):
        x = 50 + i * 230
        width, height = 180, rng.choice([150, 200, 240])
        y = 260 - height // 2
        draw.rectangle((x - 8, y - 8, x + width + 8, y + height + 8), fill=(60, 45, 35))
        old = i % 2 == 0
        top = (200, 180, 140) if old else mix(colour, WHITE, 0.4)
        bottom = (120, 100, 70) if old else mix(colour, BLACK, 0.3)
        for row in range(height):
            draw.line((x, y + row, x + width, y + row), fill=mix(top, bottom, row / height))
        draw.rectangle((x + 40, y + height - 60, x + 80, y + height), fill=mix(bottom, BLACK, 0.3))
        draw.rectangle((x + 100, y + height - 90, x + 150, y + height), fill=mix(bottom, BLACK, 0.2))
        draw.line((x + width // 2, 40, x + width // 2, y - 8), fill=(120, 120, 120), width=2)


def motif_school(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _sun(draw, rng)
    _ground(draw, (200, 180, 140))
    draw.rectangle((260, 160, 1120, HORIZON + 10), fill=(245, 220, 150))
    draw.rectangle((250, 140, 1130, 165), fill=mix(colour, BLACK, 0.1))
    for floor in range(3):
        y = 185 + floor * 85
        draw.rectangle((260, y + 62, 1120, y + 70), fill=(225, 195, 120))
        for x in range(290, 1100, 95):
            draw.rectangle((x, y, x + 55, y + 50), fill=(110, 160, 200))
    draw.line((130, 120, 130, HORIZON + 40), fill=(150, 150, 150), width=6)
    draw.rectangle((134, 126, 220, 182), fill=(215, 35, 35))
    draw.regular_polygon((177, 154, 14), n_sides=5, rotation=54, fill=(255, 220, 0))
    for tx in (60, 200, 1160):
        _tree(draw, tx, HORIZON + 120, 170, (50, 130, 60))


def motif_pool(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    draw.rectangle((0, 0, SIZE[0], SIZE[1]), fill=(220, 225, 230))
    draw.rectangle((40, 160, 1160, 640), fill=(60, 160, 210))
    for lane in range(1, 6):
        y = 160 + lane * 80
        for x in range(40, 1160, 30):
            draw.ellipse((x, y - 7, x + 14, y + 7), fill=(240, 70, 60) if (x // 30) % 2 else WHITE)
    for y in range(180, 640, 22):
        x = rng.randint(40, 300)
        while x < 1140:
            draw.line((x, y, x + 40, y), fill=(140, 205, 235), width=2)
            x += rng.randint(120, 260)
    for i in range(3):
        x, y = 200 + i * 320, 200 + i * 160
        draw.ellipse((x, y, x + 36, y + 36), fill=mix(colour, (240, 200, 60), 0.6))
    draw.rectangle((0, 100, SIZE[0], 160), fill=mix(colour, WHITE, 0.5))


def motif_clinic(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _sun(draw, rng)
    _ground(draw, (170, 170, 160))
    draw.rectangle((200, 170, 1000, HORIZON + 20), fill=(245, 245, 240))
    draw.rectangle((190, 150, 1010, 175), fill=mix(colour, BLACK, 0.1))
    for x in range(240, 980, 120):
        draw.rectangle((x, 215, x + 70, 285), fill=(140, 190, 220))
    draw.rectangle((520, 320, 680, HORIZON + 20), fill=mix(colour, WHITE, 0.4))
    cx, cy = 600, 120
    draw.rectangle((cx - 45, cy - 14, cx + 45, cy + 14), fill=(210, 35, 40))
    draw.rectangle((cx - 14, cy - 45, cx + 14, cy + 45), fill=(210, 35, 40))
    for x in range(120, 1100, 90):
        draw.rectangle((x, HORIZON + 110, x + 60, HORIZON + 126), fill=mix(colour, BLACK, 0.2))


def motif_pitch(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    draw.rectangle((0, 0, SIZE[0], 200), fill=mix(colour, WHITE, 0.45))  # stand
    for row in range(4):
        for x in range(0, SIZE[0], 24):
            shade = mix(colour, rng.choice([WHITE, BLACK]), rng.uniform(0.1, 0.5))
            draw.ellipse(
                (x + (row % 2) * 12, 30 + row * 40, x + 16 + (row % 2) * 12, 46 + row * 40), fill=shade
            )
    for stripe in range(10):
        y = 200 + stripe * 48
        draw.rectangle((0, y, SIZE[0], y + 48), fill=(60, 150, 70) if stripe % 2 else (70, 165, 80))
    line = (245, 245, 245)
    draw.rectangle((60, 230, 1140, 650), outline=line, width=5)
    draw.line((600, 230, 600, 650), fill=line, width=5)
    draw.ellipse((510, 350, 690, 530), outline=line, width=5)
    draw.rectangle((60, 340, 180, 540), outline=line, width=5)
    draw.rectangle((1020, 340, 1140, 540), outline=line, width=5)
    draw.rectangle((30, 390, 60, 490), outline=line, width=6)
    draw.rectangle((1140, 390, 1170, 490), outline=line, width=6)
    draw.ellipse((588, 428, 612, 452), fill=WHITE)


def motif_road(draw: ImageDraw.ImageDraw, rng: random.Random, colour: RGB) -> None:
    _sun(draw, rng)
    _ground(draw, (100, 150, 80))
    draw.polygon([(560, HORIZON), (640, HORIZON), (1100, SIZE[1]), (100, SIZE[1])], fill=(90, 90, 95))
    for i in range(8):
        y0 = HORIZON + 10 + i * 30
        draw.line((600, y0, 600, y0 + 12 + i * 2), fill=WHITE, width=2 + i // 2)
    for i in range(9):  # runners, nearer ones bigger
        scale = 0.5 + i * 0.12
        x = 380 + rng.randint(0, 420) if i < 8 else 560
        y = HORIZON + 30 + i * 24
        shirt = mix(colour, rng.choice([WHITE, (240, 200, 40)]), rng.uniform(0.0, 0.5))
        head = round(12 * scale)
        draw.ellipse((x - head, y - 6 * head, x + head, y - 4 * head), fill=(120, 80, 60))
        draw.rectangle((x - head, y - 4 * head, x + head, y - head), fill=shirt)
        draw.line((x, y - head, x - 2 * head, y + head), fill=(40, 40, 50), width=max(2, head // 2))
        draw.line((x, y - head, x + 2 * head, y + head), fill=(40, 40, 50), width=max(2, head // 2))
    draw.rectangle((330, HORIZON - 140, 870, HORIZON - 100), fill=mix(colour, WHITE, 0.2))  # finish arch
    draw.rectangle((330, HORIZON - 140, 350, HORIZON), fill=mix(colour, BLACK, 0.3))
    draw.rectangle((850, HORIZON - 140, 870, HORIZON), fill=mix(colour, BLACK, 0.3))


MOTIFS: dict[str, Motif] = {
    "city": motif_city,
    "bridge": motif_bridge,
    "construction": motif_construction,
    "park": motif_park,
    "hall": motif_hall,
    "office": motif_office,
    "market": motif_market,
    "festival": motif_festival,
    "temple": motif_temple,
    "library": motif_library,
    "houses": motif_houses,
    "gallery": motif_gallery,
    "school": motif_school,
    "pool": motif_pool,
    "clinic": motif_clinic,
    "pitch": motif_pitch,
    "road": motif_road,
}


def _caption(canvas: Image.Image, text: str) -> Image.Image:
    font = load_font(44)
    small = load_font(22)
    if font is None or small is None:
        return canvas
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    band_top = SIZE[1] - 110
    draw.rectangle((0, band_top, SIZE[0], SIZE[1]), fill=(0, 0, 0, 150))
    # Shrink the text until it fits on one line.
    size = 44
    while size > 20 and draw.textlength(text, font=font) > SIZE[0] - 80:
        size -= 4
        font = load_font(size) or font
    draw.text((40, band_top + 55), text, font=font, fill=(255, 255, 255, 255), anchor="lm")
    draw.text(
        (SIZE[0] - 24, 24),
        "Ảnh minh họa",
        font=small,
        fill=(255, 255, 255, 220),
        anchor="ra",
        stroke_width=2,
        stroke_fill=(0, 0, 0, 160),
    )
    return Image.alpha_composite(canvas.convert("RGBA"), overlay)


def render(spec: ImageSpec, colour: RGB) -> Image.Image:
    """The picture for *spec*, drawn the same way every time."""
    rng = random.Random(spec.key)  # noqa: S311 - drawing, not security
    sky_top = mix(colour, WHITE, 0.55)
    sky_bottom = mix(colour, WHITE, 0.85)
    canvas = _gradient(SIZE, sky_top, sky_bottom)
    draw = ImageDraw.Draw(canvas)
    MOTIFS.get(spec.motif, motif_park)(draw, rng, colour)
    return _caption(canvas, spec.label).convert("RGB")


def render_jpeg(spec: ImageSpec, colour: RGB) -> bytes:
    buffer = io.BytesIO()
    render(spec, colour).save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
