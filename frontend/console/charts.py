"""SVG charts drawn on the server with matplotlib (no JavaScript, nothing from outside).

Text is written as SVG text, in the reader's own CJK font (a list of the usual ones on
Linux, macOS and Windows): glyph outlines made the charts several times larger and their
drawing slower. Each chart carries its title for screen readers and is paired with a table
of its figures on the page. Labels are measured with WenQuanYi Zen Hei or Noto CJK."""

import functools
import hashlib
import io
from collections import Counter, defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("svg")

from django.core.cache import cache
from django.utils.html import escape
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
for path in CJK_FONTS:
    if Path(path).exists():
        font_manager.fontManager.addfont(path)
# Written into each <text> as its font-family: the first the reader has is used. The
# server measures labels with the first it has (only the first two are on Debian).
FONT_FAMILIES = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei",
                 "DejaVu Sans"]
matplotlib.rcParams.update({
    "font.sans-serif": FONT_FAMILIES,
    "font.family": "sans-serif",
    "svg.fonttype": "none",
    "axes.unicode_minus": False,
    "svg.hashsalt": "console",  # the same data draws the same bytes
    # The title right above the axes (nothing is drawn over them): a fixed place spares
    # matplotlib measuring every tick label to find one.
    "axes.titley": 1.0,
})
RED, GREY, AMBER, BLUE = "#c8161d", "#656d76", "#bf8700", "#0969da"
DOT_ALPHA = 0.6
WIDTH = 7.5
# Margins around the axes, in points, for what is outside them: the title above; tick
# marks and their labels, and the axis label. Measured here rather than with
# `bbox_inches="tight"`, which draws every chart twice.
TICK_SPACE = 3.5 + 3.5 + 2  # tick length, label pad, a little air
TITLE_SPACE = 12 * 1.3 + 6 + 4  # 12 pt title, its pad, air
LABEL_SPACE = 10 * 1.3 + 4  # a 10 pt axis label and its pad
# Drawing is most of a plots page's time (~0.1 s a chart for a panel's thousand cards):
# each SVG is kept in Django's cache under a digest of everything it is drawn from (the
# chart, its data, its words), so the same figures are drawn once; new scores draw anew.
CACHE_VERSION = 2
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


def _text_size(text: str, points: float) -> tuple[float, float]:
    """Width and height of a label in points, in the font the server measures with."""
    width, height, _descent = text_to_path.get_text_width_height_descent(
        text, FontProperties(size=points), ismath=False)
    return width, height


def _place_axes(figure: Figure, *, left: float, bottom: float, right: float = 12) -> None:
    """Leave `left`, `bottom` and `right` points (and the title's room) around the axes."""
    width, height = figure.get_size_inches() * 72
    figure.subplots_adjust(left=left / width, right=1 - right / width,
                           bottom=bottom / height, top=1 - TITLE_SPACE / height)


def _svg(figure: Figure, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={
        "Creator": None, "Date": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    svg = text[text.index("<svg"):]  # inline in the page: drop the XML prolog
    # An image named by its title for screen readers (its figures are in the page's table).
    head, rest = svg.split(">", 1)
    return f'{head} role="img"><title>{escape(title)}</title>{rest}'


def _dots(axes, data: list[list[float]]) -> None:
    """Every value as a dot over its box (a strip plot, spread in 7 columns). Dots at the
    same place are drawn once, as dark as that many would be (k dots at alpha a:
    1 - (1 - a)^k), one collection per such count: the same picture, far fewer elements
    to write (the SVG's per-dot cost made most of a chart's drawing time)."""
    counts = Counter()
    for index, values in enumerate(data, start=1):
        for n, value in enumerate(values):
            counts[(index + ((n % 7) - 3) * 0.03, value)] += 1
    by_count = defaultdict(list)
    for point, count in counts.items():
        by_count[count].append(point)
    for count, points in sorted(by_count.items()):
        xs, ys = zip(*points, strict=True)
        axes.scatter(xs, ys, s=10, color=BLUE, alpha=1 - (1 - DOT_ALPHA) ** count, zorder=3)


@cached_chart
def boxes(series: list[tuple[str, list[float]]], *, title: str, ylabel: str) -> str:
    """A box per labelled series, with every value drawn as a dot over it (strip plot)."""
    figure = Figure(figsize=(WIDTH, 3.6))
    axes = figure.subplots()
    labels = [label for label, _values in series]
    data = [values or [float("nan")] for _label, values in series]
    axes.boxplot(data, tick_labels=labels, widths=0.5, showfliers=False,
                 medianprops={"color": RED}, boxprops={"color": GREY},
                 whiskerprops={"color": GREY}, capprops={"color": GREY})
    _dots(axes, data)
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", color="#d0d7de", linewidth=0.5)
    rotated = len(labels) > 6
    if rotated:
        axes.tick_params(axis="x", labelrotation=30)
    sizes = [_text_size(label, 10) for label in labels] or [(0, 0)]
    # Rotated by 30°, a label reaches down by half its width plus most of its height.
    below = max(w / 2 + h * 0.87 if rotated else h for w, h in sizes)
    largest = max((abs(v) for values in data for v in values if v == v), default=0)
    number_width = _text_size(f"-{largest:.1f}", 10)[0]
    _place_axes(figure, left=LABEL_SPACE + number_width + TICK_SPACE,
                bottom=below + TICK_SPACE)
    return _svg(figure, title)


@cached_chart
def deviations(items: list[tuple[str, float, bool]], *, title: str, xlabel: str) -> str:
    """Horizontal bars: each judge's mean deviation from the rest of the panel; flagged
    judges in amber."""
    figure = Figure(figsize=(WIDTH, 0.45 * max(len(items), 3) + 1))
    axes = figure.subplots()
    labels = [label for label, _v, _f in items]
    values = [value for _l, value, _f in items]
    colours = [AMBER if flagged else GREY for _l, _v, flagged in items]
    axes.barh(labels, values, color=colours)
    axes.axvline(0, color="#1f2328", linewidth=0.8)
    axes.invert_yaxis()
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.grid(axis="x", color="#d0d7de", linewidth=0.5)
    names = max((_text_size(label, 10)[0] for label in labels), default=0)
    _place_axes(figure, left=names + TICK_SPACE,
                bottom=_text_size("0", 10)[1] + TICK_SPACE + LABEL_SPACE, right=24)
    return _svg(figure, title)
