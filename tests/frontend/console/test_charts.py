"""The console's SVG charts: named for screen readers, labels as (escaped) text, every
scorecard a dot."""

import re

from frontend.console import charts


def test_a_chart_is_an_image_named_by_its_title_with_its_labels_as_text():
    svg = charts.boxes.__wrapped__([("<b>李明</b>", [80.0, 85.5]), ("王芳", [70.0])],
                                   title="各评委的评分表总分", ylabel="总分")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert "<title>各评委的评分表总分</title>" in svg
    assert "&lt;b&gt;李明&lt;/b&gt;</text>" in svg and "<b>" not in svg
    assert "Noto Sans CJK SC" in svg and "<path" not in svg  # text, not glyph outlines


def test_every_value_is_a_dot_and_dots_in_the_same_place_are_as_dark_as_their_count():
    # The 1st and the 8th value of a series share a column: 80 there twice, 70 once.
    values = [80.0] + [70.0 + n for n in range(6)] + [80.0]
    svg = charts.boxes.__wrapped__([("评委", values)], title="t", ylabel="y")
    groups = dict(re.findall(r'<g fill="#0969da" fill-opacity="([0-9.]+)">(.*?)</g>', svg))
    assert sorted(groups) == ["0.6", "0.84"]  # 1 - 0.4², as two dots of 0.6 over each other
    assert groups["0.84"].count("<circle") == 1 and groups["0.6"].count("<circle") == 6


def test_severity_bars_are_amber_when_flagged():
    svg = charts.deviations.__wrapped__([("甲", 1.5, True), ("乙", -0.5, False)],
                                        title="t", xlabel="x")
    assert svg.count(f'fill="{charts.AMBER}"') == 1 and svg.count(f'fill="{charts.GREY}"') == 1


def test_tick_labels_have_as_few_decimals_as_needed_and_no_negative_zero():
    assert charts._tick_labels([-0.1, -0.05, -1.4e-17, 0.05]) == ["-0.10", "-0.05", "0.00",
                                                                  "0.05"]
    assert charts._tick_labels([17.0, 18.0, 19.0]) == ["17", "18", "19"]
