"""Draw the guide's pictures (static/img/guide/*.svg) from joint angles, in one line-drawing style.

    .venv/bin/python -m tools.draw_guide_pictures

Each pose gives where the hips are and the direction of every body segment (degrees: 0 points right, 90
down, 180 left, 270 up, as SVG's y axis grows downwards); the limbs nearer the reader are dark, the far
ones grey. Props (bed, chair, pillow, box) are plain shapes. The files are committed; run this again after
changing a pose, then look at the pictures (tools/screenshots.py, or Chromium at 390 px).
Drawn for this site and released under CC0 1.0 (static/img/README.md).
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "guide"
WIDTH, HEIGHT = 160, 110
TOP = 9  # room above a standing figure's head
INK, FAR, PROP, PROP_FILL, FLOOR, ACCENT, WARM = (
    "#212b32", "#768692", "#425563", "#e8edee", "#aeb7bd", "#005eb8", "#ed8b00",
)  # fmt: skip
TORSO, NECK, HEAD_R = 34, 4, 7
THIGH, SHIN, FOOT, UPPER_ARM, FOREARM = 23, 22, 7, 17, 15


def step(point, angle, length):
    rad = math.radians(angle)
    return (point[0] + length * math.cos(rad), point[1] + length * math.sin(rad))


@dataclass
class Limb:
    angles: tuple  # thigh/upper arm, shin/forearm[, foot]
    offset: tuple = (0, 0)  # where the far limb starts, relative to the near one


@dataclass
class Pose:
    hip: tuple
    torso: float
    legs: tuple  # (near Limb, far Limb)
    arms: tuple
    head: float | None = None  # neck direction; the torso's if None
    notes: list = field(default_factory=list)

    def shoulder(self):
        return step(self.hip, self.torso, TORSO)

    def svg(self) -> str:
        parts = []
        shoulder = self.shoulder()
        for colour, leg, arm in ((FAR, self.legs[1], self.arms[1]), (INK, self.legs[0], self.arms[0])):
            hip = (self.hip[0] + leg.offset[0], self.hip[1] + leg.offset[1])
            parts.append(_chain(hip, leg.angles, (THIGH, SHIN, FOOT), colour))
            start = (shoulder[0] + arm.offset[0], shoulder[1] + arm.offset[1])
            parts.append(_chain(start, arm.angles, (UPPER_ARM, FOREARM), colour))
            if colour == FAR:  # the trunk sits between the far and the near limbs
                neck_angle = self.torso if self.head is None else self.head
                neck = step(shoulder, neck_angle, NECK)
                head = step(neck, neck_angle, HEAD_R)
                parts.append(_line([self.hip, shoulder, neck], INK, 6))
                parts.append(
                    f'<circle cx="{head[0]:.1f}" cy="{head[1]:.1f}" r="{HEAD_R}" fill="#fff" '
                    f'stroke="{INK}" stroke-width="4"/>'
                )
        return "".join(parts)


def _chain(start, angles, lengths, colour):
    points = [start]
    for angle, length in zip(angles, lengths, strict=False):
        points.append(step(points[-1], angle, length))
    return _line(points, colour, 5)


def _line(points, colour, width):
    d = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (
        f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="{width}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def rect(x, y, w, h, fill=PROP_FILL, stroke=PROP, rx=2):
    return (
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" stroke="{stroke}" '
        'stroke-width="2"/>'
    )


def ellipse(cx, cy, rx, ry, fill=PROP_FILL, stroke=PROP):
    return (
        f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
    )


def floor(y):
    return (
        f'<line x1="4" y1="{y}" x2="{WIDTH - 4}" y2="{y}" stroke="{FLOOR}" stroke-width="3" '
        'stroke-linecap="round"/>'
    )


def chair(x, seat_y, floor_y, back_right=False, width=28):
    back_x = x + width if back_right else x
    front_x = x if back_right else x + width
    return (
        f'<polyline points="{back_x},{seat_y - 34} {back_x},{floor_y}" stroke="{PROP}" stroke-width="3" '
        'stroke-linecap="round" fill="none"/>'
        + rect(x, seat_y, width, 5)
        + f'<line x1="{front_x}" y1="{seat_y + 5}" x2="{front_x}" y2="{floor_y}"'
        f' stroke="{PROP}" stroke-width="3" stroke-linecap="round"/>'
    )


def arrow(x1, y1, x2, y2):
    """A curved hint of the movement, in the accent colour."""
    mx, my = (x1 + x2) / 2, min(y1, y2) - 10
    head = step((x2, y2), math.degrees(math.atan2(y2 - my, x2 - mx)) + 150, 6)
    head2 = step((x2, y2), math.degrees(math.atan2(y2 - my, x2 - mx)) - 150, 6)
    return (
        f'<path d="M{x1},{y1} Q{mx},{my} {x2},{y2}" fill="none" stroke="{ACCENT}" stroke-width="2.5" '
        f'stroke-linecap="round"/><polyline points="{head[0]:.1f},{head[1]:.1f} {x2},{y2} '
        f'{head2[0]:.1f},{head2[1]:.1f}" fill="none" stroke="{ACCENT}" stroke-width="2.5" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def lying_on_back(knee_angles=(300, 60, 0), arms=((0, 0), (0, 0)), hip=(92, 84)):
    return Pose(
        hip=hip,
        torso=180,
        legs=(Limb(knee_angles), Limb(knee_angles, (-1, -2))),
        arms=(Limb(arms[0]), Limb(arms[1], (0, -2))),
    )


def top_view_bed():
    return rect(10, 18, 140, 70, fill="#f4f6f7", rx=6) + rect(14, 34, 26, 38, rx=8)


def side_lying(hip=(80, 52)):
    """Seen from above: lying on one side, head on the pillow, knees bent up in front."""
    return Pose(
        hip=hip,
        torso=180,
        legs=(Limb((40, 350, 0)), Limb((32, 350, 0), (0, -5))),
        arms=(Limb((40, 0)), Limb((60, 10), (0, -3))),
    )


PICTURES = {
    "walking": lambda: (
        floor(93)
        + Pose(
            hip=(80, 47),
            torso=272,
            legs=(Limb((70, 100, 0)), Limb((112, 118, 0))),
            arms=(Limb((110, 80)), Limb((72, 60))),
        ).svg()
    ),
    "heat": lambda: (
        floor(93)
        + chair(44, 62, 93)
        + Pose(
            hip=(62, 58),
            torso=272,
            legs=(Limb((0, 90, 0)), Limb((-4, 88, 0), (2, -1))),
            arms=(Limb((95, 5)), Limb((85, 0))),
        ).svg()
        + rect(47, 36, 10, 20, fill=WARM, stroke="#a35a00", rx=3)
        + '<path d="M46,40 h12 M46,46 h12 M46,52 h12" stroke="#fff" stroke-width="1.5"/>'
    ),
    "bed-roll": lambda: top_view_bed() + side_lying().svg() + arrow(92, 30, 104, 42),
    "bed-sit": lambda: (
        floor(93)
        + rect(8, 64, 92, 12, rx=3)
        + '<line x1="12" y1="76" x2="12" y2="93" stroke="#425563" stroke-width="3"/>'
        + '<line x1="96" y1="76" x2="96" y2="93" stroke="#425563" stroke-width="3"/>'
        + Pose(
            hip=(92, 60),
            torso=282,
            legs=(Limb((12, 95, 0)), Limb((8, 92, 0), (-2, 0))),
            arms=(Limb((118, 95)), Limb((125, 100), (-2, 0))),
        ).svg()
        + arrow(122, 60, 118, 84)
    ),
    "kneel-chair": lambda: (
        floor(86)
        + chair(104, 45, 86, back_right=True, width=30)
        + Pose(
            hip=(66, 60),
            torso=292,
            legs=(Limb((0, 88, 0)), Limb((92, 178, 180))),
            arms=(Limb((25, 45)), Limb((30, 50), (0, 1))),
        ).svg()
    ),
    "sleep-side": lambda: top_view_bed() + side_lying().svg() + ellipse(108, 64, 9, 5),
    "rest-legs-on-chair": lambda: (
        floor(90)
        + chair(94, 58, 90, back_right=True)
        + ellipse(20, 84, 9, 4)
        + lying_on_back(knee_angles=(270, 0, 0), hip=(70, 84)).svg()
    ),
    "knee-rolls": lambda: (
        rect(10, 22, 140, 66, fill="#f4f6f7", rx=6)
        + Pose(
            hip=(90, 55),
            torso=180,
            legs=(Limb((45, 350, 0)), Limb((38, 350, 0), (0, -4))),
            arms=(Limb((270, 250)), Limb((90, 110))),
        ).svg()
        + arrow(104, 40, 118, 62)
    ),
    "knee-to-chest": lambda: (
        floor(90)
        + Pose(
            hip=(92, 84),
            torso=180,
            legs=(Limb((250, 5, 0)), Limb((300, 60, 0), (1, -1))),
            arms=(Limb((305, 345)), Limb((310, 350), (0, -2))),
        ).svg()
    ),
    "pelvic-tilt": lambda: floor(90) + lying_on_back().svg() + arrow(86, 62, 80, 76),
    "sit-tall": lambda: (
        floor(93)
        + chair(44, 62, 93)
        + Pose(
            hip=(58, 58),
            torso=270,
            legs=(Limb((0, 90, 0)), Limb((-4, 88, 0), (2, -1))),
            arms=(Limb((92, 5)), Limb((88, 0), (-2, 0))),
        ).svg()
    ),
    "back-bend": lambda: (
        floor(93)
        + Pose(
            hip=(80, 48),
            torso=258,
            head=250,
            legs=(Limb((88, 92, 0)), Limb((95, 92, 0), (-1, 0))),
            arms=(Limb((115, 55)), Limb((120, 60), (-2, 0))),
        ).svg()
        + arrow(96, 16, 80, 10)
    ),
    "lifting": lambda: (
        floor(92)
        + Pose(
            hip=(66, 64),
            torso=292,
            legs=(Limb((8, 112, 0)), Limb((14, 108, 0), (-2, 0))),
            arms=(Limb((75, 20)), Limb((70, 25), (0, 0))),
        ).svg()
        + rect(96, 54, 22, 18, fill="#d9c8a9", stroke="#7a5c2e", rx=1)
    ),
}


# Easy Read icons (static/img/easy-read/), 96 x 96, in the same colours and line weight.
EASY_READ = Path(__file__).resolve().parent.parent / "static" / "img" / "easy-read"
ICON_STYLE = f'fill="none" stroke="{INK}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"'
ICONS = {
    # A phone handset (to call an ambulance).
    "phone": f'<rect x="30" y="8" width="36" height="80" rx="7" {ICON_STYLE}/>'
    f'<rect x="37" y="18" width="22" height="30" rx="2" fill="{PROP_FILL}" stroke="{PROP}" stroke-width="2"/>'
    + "".join(
        f'<circle cx="{39 + 9 * col}" cy="{57 + 9 * row}" r="2.6" fill="{INK}"/>'
        for row in range(3)
        for col in range(3)
    ),
    # A clock (today).
    "clock": f'<circle cx="48" cy="48" r="38" {ICON_STYLE}/>'
    f'<polyline points="48,22 48,48 66,58" {ICON_STYLE}/>',
    # A calendar page (an appointment).
    "calendar": f'<rect x="12" y="18" width="72" height="66" rx="6" {ICON_STYLE}/>'
    f'<line x1="12" y1="36" x2="84" y2="36" {ICON_STYLE}/>'
    f'<line x1="30" y1="10" x2="30" y2="24" {ICON_STYLE}/>'
    f'<line x1="66" y1="10" x2="66" y2="24" {ICON_STYLE}/>'
    f'<rect x="52" y="52" width="18" height="16" fill="{ACCENT}" stroke="{ACCENT}" stroke-width="2"/>',
    # Two tablets (pain relief).
    "tablets": f'<rect x="10" y="36" width="52" height="24" rx="12" {ICON_STYLE}/>'
    f'<line x1="36" y1="36" x2="36" y2="60" {ICON_STYLE}/>'
    f'<circle cx="70" cy="66" r="16" fill="#fff" stroke="{INK}" stroke-width="5"/>'
    f'<line x1="59" y1="66" x2="81" y2="66" {ICON_STYLE}/>',
    # A no-entry sign (stop).
    "stop": '<circle cx="48" cy="48" r="40" fill="#d5281b"/>'
    '<rect x="20" y="40" width="56" height="16" rx="4" fill="#fff"/>',
    # A question mark in a speech bubble (not sure: ask).
    "not-sure": '<path d="M14,16 h68 a6,6 0 0 1 6,6 v40 a6,6 0 0 1 -6,6 h-40 l-16,14 v-14 h-12 '
    f'a6,6 0 0 1 -6,-6 v-40 a6,6 0 0 1 6,-6 z" {ICON_STYLE}/>'
    f'<path d="M38,32 a10,10 0 1 1 14,9 c-4,2 -4,5 -4,8" {ICON_STYLE}/>'
    f'<circle cx="48" cy="58" r="3" fill="{INK}"/>',
}


def document(body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH * 2}" '
        f'height="{HEIGHT * 2}" aria-hidden="true"><g transform="translate(0 {TOP})">{body}</g></svg>\n'
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in PICTURES.items():
        (OUT / f"{name}.svg").write_text(document(draw()), encoding="utf-8")
    EASY_READ.mkdir(parents=True, exist_ok=True)
    for name, body in ICONS.items():
        (EASY_READ / f"{name}.svg").write_text(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96" '
            f'aria-hidden="true">{body}</svg>\n',
            encoding="utf-8",
        )
    print(f"Wrote {len(PICTURES)} pictures to {OUT} and {len(ICONS)} icons to {EASY_READ}")


if __name__ == "__main__":
    main()
