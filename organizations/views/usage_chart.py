"""The Usage tab's charts: daily bars against the plan's allowance, as server-rendered SVG.

This module computes the geometry (in the SVG's own coordinates, scaled by the browser) and
the texts that make the chart accessible: a title, a description that says what the chart
shows, and a data table beside it (``templates/organizations/usage.html``). No script.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organizations.billing import BillingPeriod, daily_allowance
from organizations.selectors.billing import DayUsage

WIDTH = 720
HEIGHT = 240
LEFT = 72  # room for the value axis' labels
RIGHT = 12
TOP = 12
BOTTOM = 28  # room for the day labels
BAR_SHARE = 0.7  # of each day's slot; the rest is the gap between bars
X_LABEL_EVERY = 7


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: date
    value: int
    label: str

    @property
    def title(self) -> str:
        # Formatted here, in the page's language: the SVG is rendered with localize off.
        return _("%(day)s: %(value)s") % {
            "day": date_format(self.day, "DATE_FORMAT"),
            "value": self.label,
        }


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class DayLabel:
    x: float
    day: date

    @property
    def text(self) -> str:
        return date_format(self.day, "j M")


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    ticks: list[Tick]
    day_labels: list[DayLabel]
    allowance_path: str  # empty when the plan has no limit
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times 10^n that is at least ``value`` (an axis' top)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def usage_chart(
    *,
    chart_id: str,
    title: str,
    days: list[DayUsage],
    value_of: Callable[[DayUsage], int],
    monthly_allowance: int | None,
    format_value: Callable[[float], str],
    what: str,
) -> Chart:
    """Bars of ``value_of(day)`` for each day, and the daily-equivalent allowance (the
    month's allowance divided by its days) as a dashed line, on one scale."""
    allowances = {
        day.day: daily_allowance(monthly_allowance, BillingPeriod.containing(day.day))
        for day in days
    }
    values = [value_of(day) for day in days]
    highest = max([*values, *(float(a) for a in allowances.values() if a is not None)], default=0)
    top = _nice_ceiling(highest * 1.05)
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(days))

    def y_of(value: float | Decimal) -> float:
        return round(TOP + plot_height * (1 - float(value) / top), 1)

    bars = []
    for index, (day, value) in enumerate(zip(days, values, strict=True)):
        y = y_of(value)
        bars.append(
            Bar(
                x=round(LEFT + index * slot + slot * (1 - BAR_SHARE) / 2, 1),
                y=y,
                width=round(slot * BAR_SHARE, 1),
                height=round(HEIGHT - BOTTOM - y, 1),
                day=day.day,
                value=value,
                label=format_value(value),
            )
        )
    path = " ".join(
        f"M{LEFT + index * slot:.1f} {y_of(allowances[day.day])}h{slot:.1f}"
        for index, day in enumerate(days)
        if allowances[day.day] is not None
    )
    ticks = [Tick(y_of(top * share), format_value(top * share)) for share in (0, 0.5, 1)]
    # Every seventh day, counted back from the last one (today), which always has its label.
    day_labels = [
        DayLabel(round(LEFT + index * slot + slot / 2, 1), day.day)
        for index, day in enumerate(days)
        if (len(days) - 1 - index) % X_LABEL_EVERY == 0
    ]
    return Chart(
        id=chart_id,
        title=title,
        description=_describe(days, values, allowances, format_value, what),
        bars=bars,
        ticks=ticks,
        day_labels=day_labels,
        allowance_path=path,
    )


def _describe(days, values, allowances, format_value, what: str) -> str:
    if not days:
        return ""
    first, last = days[0].day, days[-1].day
    busiest = max(range(len(values)), key=lambda index: (values[index], index))
    text = _(
        "%(what)s per day from %(first)s to %(last)s: %(total)s in all, at most %(highest)s "
        "(on %(busiest)s)."
    ) % {
        "what": what,
        "first": date_format(first, "DATE_FORMAT"),
        "last": date_format(last, "DATE_FORMAT"),
        "total": format_value(sum(values)),
        "highest": format_value(values[busiest]),
        "busiest": date_format(days[busiest].day, "DATE_FORMAT"),
    }
    today_allowance = allowances[last]
    if today_allowance is None:
        return text + " " + _("The plan sets no limit.")
    return (
        text
        + " "
        + _("The dashed line is the plan's allowance spread over the month: %(daily)s a day.")
        % {"daily": format_value(today_allowance)}
    )
