"""SVG charts drawn on the server with matplotlib (no JavaScript, nothing from outside).

Glyphs are written as paths so the Chinese labels look the same in every browser and in
print, whatever fonts the reader has; each chart is paired with a table of its figures on
the page for screen readers. The CJK font is Debian's WenQuanYi Zen Hei (or Noto CJK)."""

import functools
import hashlib
import io
from pathlib import Path

import matplotlib

matplotlib.use("svg")

from django.core.cache import cache
from matplotlib import font_manager
from matplotlib.figure import Figure

CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
for path in CJK_FONTS:
    if Path(path).exists():
        font_manager.fontManager.addfont(path)
matplotlib.rcParams.update({
    "font.sans-serif": ["WenQuanYi Zen Hei", "Noto Sans CJK SC", "DejaVu Sans"],
    "font.family": "sans-serif",
    "svg.fonttype": "path",
    "axes.unicode_minus": False,
    "svg.hashsalt": "console",  # the same data draws the same bytes
})
RED, GREY, AMBER = "#c8161d", "#656d76", "#bf8700"
WIDTH = 7.5
# Drawing is most of a plots page's time (~0.3 s a chart for a panel's thousand cards):
# each SVG is kept in Django's cache under a digest of everything it is drawn from (the
# chart, its data, its words), so the same figures are drawn once; new scores draw anew.
CACHE_VERSION = 1
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


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline in the page: drop the XML prolog


@cached_chart
def boxes(series: list[tuple[str, list[float]]], *, title: str, ylabel: str) -> str:
    """A box per labelled series, with every value drawn as a dot over it (strip plot)."""
    height = 3.6
    figure = Figure(figsize=(WIDTH, height))
    axes = figure.subplots()
    labels = [label for label, _values in series]
    data = [values or [float("nan")] for _label, values in series]
    axes.boxplot(data, tick_labels=labels, widths=0.5, showfliers=False,
                 medianprops={"color": RED}, boxprops={"color": GREY},
                 whiskerprops={"color": GREY}, capprops={"color": GREY})
    for index, values in enumerate(data, start=1):
        offsets = [index + ((n % 7) - 3) * 0.03 for n in range(len(values))]
        axes.scatter(offsets, values, s=10, color="#0969da", alpha=0.6, zorder=3)
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.grid(axis="y", color="#d0d7de", linewidth=0.5)
    if len(labels) > 6:
        axes.tick_params(axis="x", labelrotation=30)
    return _svg(figure)


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
    return _svg(figure)
