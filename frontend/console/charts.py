"""SVG charts written on the server (no JavaScript, nothing from outside).

The two shapes the console needs, a box with its dots per series and horizontal bars, are
written as SVG directly: drawing them with matplotlib took 0.15–0.3 s a page (its artists
and their SVG writer, for a panel's thousand cards), this takes a few milliseconds.
matplotlib still gives the statistics of the boxes (`boxplot_stats`: quartiles, whiskers
at 1.5 IQR) and the tick values (`MaxNLocator`), and measures labels for the margins.

Text is SVG text in the reader's own CJK font (the usual ones on Linux, macOS and Windows).
Each chart is an image named by its title for screen readers; the page pairs it with a
table of its figures."""

import functools
import hashlib
from collections import Counter, defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("svg")

from django.core.cache import cache
from django.utils.html import escape
from matplotlib import font_manager
from matplotlib.cbook import boxplot_stats
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path
from matplotlib.ticker import MaxNLocator

CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
for path in CJK_FONTS:
    if Path(path).exists():
        font_manager.fontManager.addfont(path)
# The server measures labels with the first of these it has (Debian: the first two).
matplotlib.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "DejaVu Sans"]
# The reader's browser uses the first of these it has.
FONT_FAMILY = ("'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'PingFang SC', 'Microsoft YaHei', "
               "system-ui, sans-serif")
RED, GREY, AMBER, BLUE = "#c8161d", "#656d76", "#bf8700", "#0969da"
INK, GRID_GREY, ZERO_LINE = "#1f2328", "#d0d7de", "#1f2328"
DOT_ALPHA = 0.6
DOT_RADIUS = 2.1
WIDTH = 540.0  # points (7.5 in)
TITLE_SIZE, LABEL_SIZE = 12, 10
TICK_LENGTH, TICK_PAD = 3.5, 3.5
TICK_SPACE = TICK_LENGTH + TICK_PAD + 2  # tick, its pad, air
TITLE_SPACE = TITLE_SIZE * 1.3 + 6 + 4  # the title, its pad, air
LABEL_SPACE = LABEL_SIZE * 1.3 + 4  # an axis label and its pad
# Each SVG is kept in Django's cache under a digest of everything it is drawn from (the
# chart, its data, its words): the same figures are written once; new scores anew.
CACHE_VERSION = 3
CACHE_TIMEOUT = 24 * 3600


def cached_chart(draw):
    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        source = repr((CACHE_VERSION, draw.__name__, args, sorted(kwargs.items())))
        key = "chart:" + hashlib.sha256(source.encode()).hexdigest()
        svg = cache.get(key)
        if svg is None:
            svg = draw(*args, **kwargs)
            cache.set(key, svg, CACHE_TIMEOUT)
        return svg

    return wrapper


# --- Measuring and scales ------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _text_size(text: str, points: float) -> tuple[float, float]:
    """Width and height of a label in points, in the font the server measures with."""
    width, height, _descent = text_to_path.get_text_width_height_descent(
        text, FontProperties(size=points), ismath=False)
    return width, height


def _limits(values: list[float], *, include_zero: bool = False) -> tuple[float, float]:
    """The data's range with 5 % of air on each side (matplotlib's default margins)."""
    low, high = min(values), max(values)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        low, high = low - 1, high + 1
    air = (high - low) * 0.05
    return low - air, high + air


def _ticks(low: float, high: float, length: float, spacing: float) -> list[float]:
    """matplotlib's automatic ticks: at most one per `spacing` points of the axis's
    `length` (two label heights on a vertical axis, three on a horizontal one), up to 9."""
    bins = max(1, min(9, int(length // spacing)))
    locator = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10])
    return [t for t in locator.tick_values(low, high) if low - 1e-9 <= t <= high + 1e-9]


def _tick_labels(ticks: list[float]) -> list[str]:
    """As few decimals as tell the ticks apart ("17", "0.05", "-0.10")."""
    for decimals in range(7):
        if all(abs(round(t, decimals) - t) < 1e-9 for t in ticks):
            break
    return [f"{round(t, decimals) + 0.0:.{decimals}f}" for t in ticks]  # + 0.0: no "-0"


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


class Scale:
    """Data to page coordinates along one axis (`start` maps to `low`)."""

    def __init__(self, low: float, high: float, start: float, end: float):
        self.low, self.high, self.start, self.end = low, high, start, end

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


# --- Writing -------------------------------------------------------------------------------


def _text(x, y, text, *, size=LABEL_SIZE, anchor="middle", baseline="central",
          rotate=None) -> str:
    turn = f' transform="rotate({rotate} {_num(x)} {_num(y)})"' if rotate else ""
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" text-anchor="{anchor}" '
            f'dominant-baseline="{baseline}"{turn}>{escape(text)}</text>')


def _line(x1, y1, x2, y2, colour, width=1.0) -> str:
    return (f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
            f'stroke="{colour}" stroke-width="{width}"/>')


def _svg(height: float, title: str, body: list[str]) -> str:
    """The chart as inline SVG: an image named by its title, in points like a figure."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_num(WIDTH)}pt" '
            f'height="{_num(height)}pt" viewBox="0 0 {_num(WIDTH)} {_num(height)}" '
            f'font-family="{escape(FONT_FAMILY)}" fill="{INK}">'
            f'<title>{escape(title)}</title><rect width="100%" height="100%" fill="#fff"/>'
            + "".join(body) + "</svg>")


def _frame(left, top, right, bottom) -> str:
    return (f'<rect x="{_num(left)}" y="{_num(top)}" width="{_num(right - left)}" '
            f'height="{_num(bottom - top)}" fill="none" stroke="{INK}" stroke-width="0.8"/>')


def _value_axis_left(body, scale: Scale, ticks, left, right, label, title_x) -> None:
    """Horizontal grid lines, ticks and their numbers on the left, the axis label."""
    for tick, text in zip(ticks, _tick_labels(ticks), strict=True):
        y = scale(tick)
        body.append(_line(left, y, right, y, GRID_GREY, 0.5))
        body.append(_line(left - TICK_LENGTH, y, left, y, INK, 0.8))
        body.append(_text(left - TICK_LENGTH - TICK_PAD, y, text, anchor="end"))
    middle = (scale.start + scale.end) / 2
    body.append(_text(title_x, middle, label, rotate=-90))


def _dots(body, xs: Scale, ys: Scale, data: list[list[float]]) -> None:
    """Every value as a dot over its box (a strip plot, spread in 7 columns). Dots at the
    same place are written once, as dark as that many would be (k dots at alpha a:
    1 - (1 - a)^k)."""
    counts = Counter()
    for index, values in enumerate(data, start=1):
        for n, value in enumerate(values):
            counts[(index + ((n % 7) - 3) * 0.03, value)] += 1
    by_count = defaultdict(list)
    for (x, y), count in counts.items():
        by_count[count].append(f'<circle cx="{_num(xs(x))}" cy="{_num(ys(y))}" '
                               f'r="{DOT_RADIUS}"/>')
    for count, circles in sorted(by_count.items()):
        opacity = _num(1 - (1 - DOT_ALPHA) ** count)
        body.append(f'<g fill="{BLUE}" fill-opacity="{opacity}">' + "".join(circles) + "</g>")


def _box(body, xs: Scale, ys: Scale, index: int, stats: dict) -> None:
    """matplotlib's box: quartiles, whiskers to the furthest value within 1.5 IQR, caps."""
    left, right = xs(index - 0.25), xs(index + 0.25)
    cap_left, cap_right, middle = xs(index - 0.125), xs(index + 0.125), xs(index)
    q1, q3 = ys(stats["q1"]), ys(stats["q3"])
    low, high = ys(stats["whislo"]), ys(stats["whishi"])
    body.append(f'<rect x="{_num(left)}" y="{_num(q3)}" width="{_num(right - left)}" '
                f'height="{_num(q1 - q3)}" fill="none" stroke="{GREY}"/>')
    body.append(_line(middle, q1, middle, low, GREY))
    body.append(_line(middle, q3, middle, high, GREY))
    body.append(_line(cap_left, low, cap_right, low, GREY))
    body.append(_line(cap_left, high, cap_right, high, GREY))
    median = ys(stats["med"])
    body.append(_line(left, median, right, median, RED))


# --- The charts ----------------------------------------------------------------------------


@cached_chart
def boxes(series: list[tuple[str, list[float]]], *, title: str, ylabel: str) -> str:
    """A box per labelled series, with every value drawn as a dot over it (strip plot)."""
    height = 259.2  # 3.6 in
    labels = [label for label, _values in series]
    data = [list(values) for _label, values in series]
    present = [v for values in data for v in values]
    low, high = _limits(present or [0.0, 1.0])
    rotated = len(labels) > 6
    sizes = [_text_size(label, LABEL_SIZE) for label in labels] or [(0, 0)]
    # Rotated by 30°, a label reaches down by half its width plus most of its height.
    below = max(w / 2 + h * 0.87 if rotated else h for w, h in sizes)
    ticks = _ticks(low, high, height - below - TICK_SPACE - TITLE_SPACE, 2 * LABEL_SIZE)
    numbers = max(_text_size(text, LABEL_SIZE)[0] for text in _tick_labels(ticks) or ["0"])
    left = LABEL_SPACE + numbers + TICK_SPACE
    right, top, bottom = WIDTH - 12, TITLE_SPACE, height - below - TICK_SPACE
    xs = Scale(0.5, len(series) + 0.5, left, right)
    ys = Scale(low, high, bottom, top)
    body = [_text((left + right) / 2, top - 6, title, size=TITLE_SIZE, baseline="auto")]
    _value_axis_left(body, ys, ticks, left, right, ylabel,
                     left - TICK_LENGTH - TICK_PAD - numbers - 4 - LABEL_SIZE / 2)
    for index, (label, values) in enumerate(series, start=1):
        x = xs(index)
        body.append(_line(x, bottom, x, bottom + TICK_LENGTH, INK, 0.8))
        y = bottom + TICK_SPACE - 2
        body.append(_text(x, y, label, anchor="end", baseline="hanging", rotate=-30)
                    if rotated else _text(x, y, label, baseline="hanging"))
        if values:
            _box(body, xs, ys, index, boxplot_stats(values)[0])
    _dots(body, xs, ys, data)
    body.append(_frame(left, top, right, bottom))
    return _svg(height, title, body)


@cached_chart
def deviations(items: list[tuple[str, float, bool]], *, title: str, xlabel: str) -> str:
    """Horizontal bars: each judge's mean deviation from the rest of the panel; flagged
    judges in amber."""
    height = 72 * (0.45 * max(len(items), 3) + 1)
    values = [value for _label, value, _flagged in items]
    low, high = _limits(values or [0.0], include_zero=True)
    # Bars grow from zero: no air beyond it when all go one way (matplotlib's sticky edge).
    if values and min(values) >= 0 and max(values) > 0:
        low = 0.0
    if values and max(values) <= 0 and min(values) < 0:
        high = 0.0
    names = max((_text_size(label, LABEL_SIZE)[0] for label, _v, _f in items), default=0)
    text_height = _text_size("0", LABEL_SIZE)[1]
    left, right = names + TICK_SPACE, WIDTH - 24
    ticks = _ticks(low, high, right - left, 3 * LABEL_SIZE)
    top, bottom = TITLE_SPACE, height - text_height - TICK_SPACE - LABEL_SPACE - 4
    xs = Scale(low, high, left, right)
    ys = Scale(-0.5, max(len(items), 1) - 0.5, top, bottom)  # the first judge on top
    body = [_text((left + right) / 2, top - 6, title, size=TITLE_SIZE, baseline="auto")]
    for tick, text in zip(ticks, _tick_labels(ticks), strict=True):
        x = xs(tick)
        body.append(_line(x, top, x, bottom, GRID_GREY, 0.5))
        body.append(_line(x, bottom, x, bottom + TICK_LENGTH, INK, 0.8))
        body.append(_text(x, bottom + TICK_LENGTH + TICK_PAD, text, baseline="hanging"))
    body.append(_text((left + right) / 2, height - 6, xlabel, baseline="auto"))
    zero = xs(0.0)
    for index, (label, value, flagged) in enumerate(items):
        y = ys(index)
        body.append(_line(left - TICK_LENGTH, y, left, y, INK, 0.8))
        body.append(_text(left - TICK_LENGTH - TICK_PAD, y, label, anchor="end"))
        start, end = sorted((zero, xs(value)))
        upper, lower = ys(index - 0.4), ys(index + 0.4)  # bars 0.8 of a row high
        body.append(f'<rect x="{_num(start)}" y="{_num(upper)}" width="{_num(end - start)}" '
                    f'height="{_num(lower - upper)}" fill="{AMBER if flagged else GREY}"/>')
    body.append(_line(zero, top, zero, bottom, ZERO_LINE, 0.8))
    body.append(_frame(left, top, right, bottom))
    return _svg(height, title, body)
