"""`oto review` in words: the screen, the JSON and the one-page HTML report, from the facts that
domain/review.py counted. Every figure says what it counts; the screen and the page share the
same sentences (`figures`). The chart of the last weeks is drawn with plain characters on the
screen (`#` held, `-` short of the goal, `|` the goal) and as inline SVG on the page.
"""

from __future__ import annotations

from onetoone import dates
from onetoone.render.doc import MUTED, STRONG, Doc
from onetoone.vocabulary import ANSWERS

EMPTY = (
    "Nothing to review yet: once you have held and reflected on a few one-to-ones "
    "(`oto reflect NAME`), `oto review` shows how your practice is going."
)
PERIOD_WORDS = {"week": "the last seven days", "month": "the last month", "default": "the last four weeks"}
BAR_ROOM = 40  # characters the longest bar may take on the screen
ANSWER_WORDS = {"yes": "yes", "no": "no", "maybe": "maybe", "later": "later", None: "no answer yet"}


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def _day(day) -> str:
    return f"{day.day} {day:%b %Y}"


def title(review) -> str:
    span = review.period
    words = PERIOD_WORDS.get(span.kind, f"since {_day(span.start)}")
    return f"Review of {words}: {dates.show_day(span.start)} to {dates.show_day(span.end)}"


def figures(review) -> list[tuple[str, str]]:
    """(what is counted, the sentence) for each figure, in the order the screen and page show them."""
    r, days = review, review.period.days
    goal_now = round(r.goal * days / 7)
    rows = [(
        "One-to-ones held",
        f"{_n(r.held, 'one-to-one')} held in these {_n(days, 'day')}; a goal of {r.goal} a week "
        f"makes {goal_now} for {'them' if days > 1 else 'it'}" + (f" ({_pct(r.held, goal_now)} of it)." if goal_now else "."),
    )]
    if r.held:
        rows.append((
            "New people and maintenance",
            f"{_n(r.new_people, 'first one-to-one')} with someone new, {r.maintenance} with people met before.",
        ))
    listening = r.listening
    if listening.noted:
        median = f"{listening.median:g}"
        rows.append((
            "Share of time listening",
            f"median {median}% in the {_n(listening.noted, 'one-to-one')} where it was noted; "
            f"{listening.under} under two thirds (the aim is to listen about two thirds of the time).",
        ))
    else:
        rows.append(("Share of time listening", "not noted for any one-to-one held (`oto reflect --listened PCT`)."))
    asks = r.asks
    if asks.made:
        parts = [f"{asks.answers[a]} {ANSWER_WORDS[a]}" for a in (*ANSWERS, None) if asks.answers.get(a)]
        rows.append(("Asks made", f"{_n(asks.made, 'ask')} made: {', '.join(parts)}."))
        yes = asks.answers.get("yes", 0)
        if yes:
            known = asks.showed + asks.missed
            shown = f"{asks.showed} came and {asks.missed} did not ({_pct(asks.showed, known)} came)" if known else "none known yet"
            unknown = f"; {asks.unknown} not known yet" if known and asks.unknown else ""
            rows.append(("Show-up after a yes", f"of {_n(yes, 'yes', 'yeses')} given, {shown}{unknown}."))
        else:
            rows.append(("Show-up after a yes", "no yes given, so no show-up to count."))
    else:
        rows.append(("Asks made", "none in this period."))
    rows.append(("Group meetings and actions", _events(r.events)))
    for side, label, noun in ((r.mine, "My promises kept on time", "promise"), (r.theirs, "Their commitments kept on time", "commitment")):
        rows.append((label, _promises(side, noun)))
    thanks = r.thanks
    if thanks.owed:
        rest = [f"{thanks.later} later"] if thanks.later else []
        rest += [f"{thanks.not_sent} not sent"] if thanks.not_sent else []
        rest += [f"{thanks.waiting} still within 48 hours"] if thanks.waiting else []
        rows.append((
            "Thank-yous within 48 hours",
            f"{thanks.within} of {_n(thanks.owed, 'one-to-one')} thanked within 48 hours ({_pct(thanks.within, thanks.owed)})"
            + (f"; {', '.join(rest)}." if rest else "."),
        ))
    else:
        rows.append(("Thank-yous within 48 hours", "no thank-you was due for a one-to-one held in this period."))
    refl = r.reflections
    if r.held:
        written = refl.same_day + refl.later
        rest = [f"{refl.later} written later"] if refl.later else []
        rest += [f"{refl.without} marked held without one"] if refl.without else []
        rows.append((
            "Reflections written the same day",
            f"{refl.same_day} of {_n(r.held, 'one-to-one')} held ({_pct(refl.same_day, r.held)})"
            + (f"; {', '.join(rest)}." if rest else ".") if written or refl.without else "none written.",
        ))
    ref = r.referrals
    rate = ref.gathered / r.held if r.held else 0
    per = f", {rate:.1f} per one-to-one held" if rate >= 0.1 or not rate else f", {rate:.2f} per one-to-one held"
    per = per if r.held else ""
    rows.append((
        "Referrals gathered",
        f"{_n(ref.gathered, 'person', 'people')} added as someone's referral{per}; "
        f"{ref.met} of them met in a one-to-one since." if ref.gathered else "no one added as someone's referral.",
    ))
    rows.append(("Stages moved up", _moves(review)))
    return rows


def _events(found) -> str:
    """Events on a day in the period, and the show-up after a yes that their attendance records."""
    if not found.held:
        return "none in this period (`oto event`)."
    text = f"{_n(found.held, 'event')}, {found.came} came"
    if found.recorded < found.held:
        text += f" ({found.held - found.recorded} not recorded yet)"
    if found.said_yes:
        missed = found.said_yes - found.came_after_yes
        text += (f"; of {_n(found.said_yes, 'person', 'people')} who had said yes, {found.came_after_yes} came and "
                 f"{missed} did not ({_pct(found.came_after_yes, found.said_yes)} came)")
    return text + "."


def _promises(side, noun: str) -> str:
    due = side.due
    if not due:
        tail = f" ({side.released} released)" if side.released else ""
        return f"no {noun} came due in this period{tail}."
    rest = [f"{side.late} kept late"] if side.late else []
    rest += [f"{side.broken} broken"] if side.broken else []
    rest += [f"{side.open} still open"] if side.open else []
    rest += [f"{side.released} released"] if side.released else []
    rest += [f"{side.renegotiated} with the date moved"] if side.renegotiated else []
    return (
        f"{side.kept} of {_n(due, noun)} that came due kept by their date ({_pct(side.kept, due)})"
        + (f"; {', '.join(rest)}." if rest else ".")
    )


def _moves(review) -> str:
    since = review.moves_recorded_since
    note = (
        f" (oto records moves since {_day(since)})" if since is not None and since > review.period.start else ""
    )
    if not review.moved_up:
        return f"no one moved up the ladder{note}."
    parts = [f"{count} to {stage}" for stage, count in review.moves_up.items() if count]
    return f"{_n(review.moved_up, 'move')} up the ladder: {', '.join(parts)}{note}."


def chart_rows(review) -> list[tuple[str, str, int]]:
    """(the week's Monday, its bar, held) for the weeks of the chart, oldest first. A bar is `#`
    for each one-to-one (or group of them when many), `-` for those short of the goal, and `|`
    where the goal is."""
    top = max([review.goal, *(w.held for w in review.weeks)] or [1])
    unit = max(1, -(-top // BAR_ROOM))
    rows = []
    for week in review.weeks:
        held, goal = -(-week.held // unit), -(-review.goal // unit)
        bar = "#" * min(held, goal) + "-" * (goal - held) + ("|" if review.goal else "") + "#" * (held - goal)
        rows.append((f"{week.start.day:>2} {week.start:%b}", bar, week.held))
    return rows


def screen(review) -> Doc:
    if review.empty:
        return Doc().line(EMPTY)
    doc = Doc().line(title(review), STRONG)
    doc.heading(f"One-to-ones held, week by week (goal {review.goal} a week)")
    for label, bar, held in chart_rows(review):
        doc.line(f"{label}  {bar}  {held}", indent=2)
    unit = max(1, -(-max([review.goal, *(w.held for w in review.weeks)]) // BAR_ROOM))
    doc.line(
        "# one-to-one held" + (f" (each # is {unit})" if unit > 1 else "") + ", - short of the goal, | the goal; "
        "weeks start on Monday, this one so far.",
        MUTED, indent=2,
    )
    doc.heading("The practice")
    doc.table(["", ""], [[f"{label}:", sentence] for label, sentence in figures(review)], show_header=False, fold=1)
    if review.ask_list:
        doc.heading("Asks made")
        doc.table(["", "", "", ""], [_ask_row(a) for a in review.ask_list], show_header=False, fold=2,
                  more=max(0, review.asks.made - len(review.ask_list)), more_hint="`oto review --json` lists more")
    if review.move_list:
        doc.heading("Moved up")
        doc.table(["", "", ""], [[dates.show_day(m.on), m.person, f"{m.old} -> {m.new}"] for m in review.move_list],
                  show_header=False, more=max(0, review.moved_up - len(review.move_list)))
    return doc


def _ask_row(ask) -> list[str]:
    return [dates.show_day(ask.asked_on), ask.person, ask.text, _answer(ask)]


def _answer(ask) -> str:
    shown = {True: ", came", False: ", did not come"}.get(ask.showed_up, "") if ask.answer == "yes" else ""
    return ANSWER_WORDS[ask.answer] + shown


def to_json(review) -> dict:
    """The facts as numbers: see `oto review --help` for the shape."""
    span = review.period
    promise = lambda p: {  # noqa: E731
        "due": p.due, "kept_on_time": p.kept, "kept_late": p.late, "broken": p.broken, "open": p.open,
        "released": p.released, "renegotiated": p.renegotiated,
    }
    return {
        "today": review.today.isoformat(), "from": span.start.isoformat(), "to": span.end.isoformat(),
        "period": span.kind, "empty": review.empty, "goal": review.goal,
        "weeks": [{"start": w.start.isoformat(), "held": w.held} for w in review.weeks],
        "held": review.held, "new_people": review.new_people, "maintenance": review.maintenance,
        "listening": {"noted": review.listening.noted, "median": review.listening.median, "under_two_thirds": review.listening.under},
        "asks": {
            "made": review.asks.made, **{a: review.asks.answers.get(a, 0) for a in ANSWERS},
            "unanswered": review.asks.answers.get(None, 0),
            "after_yes": {"showed_up": review.asks.showed, "did_not": review.asks.missed, "unknown": review.asks.unknown},
            "list": [
                {"date": a.asked_on.isoformat(), "person": a.person, "text": a.text, "answer": a.answer, "showed_up": a.showed_up}
                for a in review.ask_list
            ],
        },
        "promises": {"mine": promise(review.mine), "theirs": promise(review.theirs)},
        "thanks": {"owed": review.thanks.owed, "within_48_hours": review.thanks.within, "later": review.thanks.later,
                   "not_sent": review.thanks.not_sent, "waiting": review.thanks.waiting},
        "reflections": {"same_day": review.reflections.same_day, "later": review.reflections.later,
                        "without": review.reflections.without},
        "referrals": {"gathered": review.referrals.gathered, "met": review.referrals.met},
        "events": {"held": review.events.held, "recorded": review.events.recorded, "came": review.events.came,
                   "said_yes": review.events.said_yes, "came_after_yes": review.events.came_after_yes},
        "stages": {
            "moved_up": review.moved_up, "to": dict(review.moves_up),
            "recorded_since": review.moves_recorded_since.isoformat() if review.moves_recorded_since else None,
            "list": [{"date": m.on.isoformat(), "person": m.person, "from": m.old, "to": m.new} for m in review.move_list],
        },
    }


# -- The page ----------------------------------------------------------------------------------

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
dl.figures dt { font-weight: 600; margin-top: .75rem; } dl.figures dd { margin: 0; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
.muted { color: #666; font-size: .9rem; } svg { max-width: 100%; height: auto; }
.bar { fill: #3a6ea5; } .goal { stroke: #c0392b; stroke-width: 2; stroke-dasharray: 6 4; } .label { font: 12px sans-serif; fill: #333; }
@media print { body { margin: 0; } }
"""


def _text(value) -> str:
    """The organizer's text (or anything) as HTML text: control characters replaced, then escaped."""
    import html

    from onetoone.printable import safe

    return html.escape(safe(value), quote=True)


def page(review) -> str:
    """One self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched."""
    heading = EMPTY if review.empty else title(review)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # Nothing may be fetched or run, whatever a name or an ask says.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>oto review: {_text(review.period.start.isoformat())} to {_text(review.period.end.isoformat())}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_text(heading)}</h1>",
    ]
    if not review.empty:
        parts += [
            f'<p class="muted">Made by oto on {_text(dates.show_day(review.today))}, from the journal.</p>',
            f"<h2>One-to-ones held, week by week (goal {review.goal} a week)</h2>",
            _week_chart(review),
            '<p class="muted">Weeks start on Monday; the last one is this week so far. The dashed line is the goal.</p>',
            "<h2>The practice</h2>",
            _answers_chart(review),
            '<dl class="figures">',
            *(f"<dt>{_text(label)}</dt><dd>{_text(sentence)}</dd>" for label, sentence in figures(review)),
            "</dl>",
        ]
        if review.ask_list:
            parts += [
                "<h2>Asks made</h2>", "<table><tr><th>Day</th><th>Person</th><th>Ask</th><th>Answer</th></tr>",
                *("<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in _ask_row(a)) + "</tr>" for a in review.ask_list),
                "</table>",
            ]
            if review.asks.made > len(review.ask_list):
                parts.append(f'<p class="muted">and {review.asks.made - len(review.ask_list)} more.</p>')
        if review.move_list:
            parts += [
                "<h2>Moved up</h2>", "<table><tr><th>Day</th><th>Person</th><th>Move</th></tr>",
                *(f"<tr><td>{_text(dates.show_day(m.on))}</td><td>{_text(m.person)}</td><td>{_text(m.old)} → {_text(m.new)}</td></tr>"
                  for m in review.move_list),
                "</table>",
            ]
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _week_chart(review) -> str:
    """Bars of one-to-ones held per week, with the goal as a dashed line."""
    width, height, left, bottom, top_room = 640, 220, 36, 28, 12
    top = max([review.goal, *(w.held for w in review.weeks)] or [1]) or 1
    room = height - bottom - top_room
    step = (width - left) / max(1, len(review.weeks))
    y = lambda count: height - bottom - room * count / top  # noqa: E731
    shapes = [f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999"/>']
    for n, week in enumerate(review.weeks):
        x = left + n * step
        shapes.append(
            f'<rect class="bar" x="{x + step * 0.15:.1f}" y="{y(week.held):.1f}" width="{step * 0.7:.1f}" '
            f'height="{height - bottom - y(week.held):.1f}"><title>{_text(f"{week.start.isoformat()}: {week.held} held")}</title></rect>'
        )
        shapes.append(f'<text class="label" x="{x + step / 2:.1f}" y="{y(week.held) - 3:.1f}" text-anchor="middle">{week.held}</text>')
        shapes.append(
            f'<text class="label" x="{x + step / 2:.1f}" y="{height - 10}" text-anchor="middle">{_text(f"{week.start.day} {week.start:%b}")}</text>'
        )
    if review.goal:
        shapes.append(f'<line class="goal" x1="{left}" y1="{y(review.goal):.1f}" x2="{width}" y2="{y(review.goal):.1f}"/>')
        shapes.append(f'<text class="label" x="2" y="{y(review.goal) + 4:.1f}">goal {review.goal}</text>')
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="One-to-ones held per week">{"".join(shapes)}</svg>'
    )


_ANSWER_COLOURS = {"yes": "#2e8b57", "maybe": "#e0a800", "later": "#7f8c8d", "no": "#c0392b", None: "#cccccc"}


def _answers_chart(review) -> str:
    """The asks of the period as one bar split by answer; nothing when none was made."""
    made = review.asks.made
    if not made:
        return ""
    width, x, shapes, legend = 640, 0.0, [], []
    for answer in ("yes", "maybe", "later", "no", None):
        count = review.asks.answers.get(answer, 0)
        if not count:
            continue
        part = width * count / made
        words = f"{ANSWER_WORDS[answer]}: {count}"
        shapes.append(
            f'<rect x="{x:.1f}" y="0" width="{part:.1f}" height="28" fill="{_ANSWER_COLOURS[answer]}"><title>{_text(words)}</title></rect>'
        )
        legend.append(words)
        x += part
    return (
        f'<svg viewBox="0 0 {width} 28" width="{width}" height="28" role="img" '
        f'aria-label="Answers to asks">{"".join(shapes)}</svg><p class="muted">Answers to the {made} asks: {_text(", ".join(legend))}.</p>'
    )
