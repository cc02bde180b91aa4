"""The figures chart: its axis starts at zero and no label is cut at the image's edge."""

from __future__ import annotations

import io

import numpy as np
from matplotlib import image

from bot.render.chart import chart_figure, figures_chart
from handlers.figures import figure_groups
from store import Scope, Store
from tests.slack_wire import index

# Two sources that disagree on ambulances, with long hedged notes and long titles: the
# notes drawn right of the bars are what a fixed layout cut off.
DISPATCH = (
    "Regional health authority dispatch on the flood response in the river valley districts\n\n"
    "The authority said between 310 and 480 ambulances had been sent to the valley by Sunday.\n"
)
WIRE = (
    "Wire: emergency services stretched as floodwater reaches the lower valley towns\n\n"
    "Officials said at least 1,200 ambulances were on the roads on Sunday morning.\n"
    "By nightfall about 1,300 ambulances were out, and up to 1,450 ambulances by Monday.\n"
)


def groups(store: Store):
    index(store, "dispatch.txt", DISPATCH)
    index(store, "wire.txt", WIRE)
    found = figure_groups(store, "ambulances", Scope(), 5)
    assert found and len(found[0].values) >= 4
    return found


def test_the_axis_starts_at_zero(store: Store) -> None:
    figure = chart_figure(groups(store))
    for axes in figure.axes:
        assert axes.get_xlim()[0] == 0
        assert axes.get_xlim()[1] > 1450


def test_no_label_touches_the_edge_of_the_image(store: Store) -> None:
    pixels = image.imread(io.BytesIO(figures_chart(groups(store))))[:, :, :3]
    border = np.concatenate([pixels[:3].reshape(-1, 3), pixels[-3:].reshape(-1, 3)])
    border = np.concatenate([border, pixels[:, :3].reshape(-1, 3), pixels[:, -3:].reshape(-1, 3)])
    assert (border > 0.97).all(), "something is drawn at the edge: a label was cut"
    assert (pixels < 0.5).any()  # and something was drawn
