"""The bank of open questions prep suggests, chosen by what is still unknown about a person.

Each category draws out something a one-to-one is for. A category is wanted while any of the
insight kinds it draws out is still missing from the journal (no self-interest recorded: ask
self-interest questions). A first meeting opens with getting-to-know questions; vision and past
involvement deepen later meetings once the basics are known; every list ends with one closing
question. Within a category the questions rotate with the number of meetings held, so the next
prep for the same person suggests different ones.
"""

from __future__ import annotations

from dataclasses import dataclass

SUGGESTED = 5  # four to listen with, one to close


@dataclass(frozen=True)
class Category:
    key: str
    title: str
    kinds: frozenset[str]  # insight kinds this category draws out; empty: never "missing"
    questions: tuple[str, ...]


GETTING_TO_KNOW = Category("getting-to-know", "getting to know", frozenset(), (
    "What brought you to this neighbourhood, and what keeps you here?",
    "What does an ordinary week look like for you?",
    "How did you end up doing the work you do now?",
    "Who are the people you are closest to around here?",
))
SELF_INTEREST = Category("self-interest", "self-interest", frozenset({"self-interest"}), (
    "What takes most of your energy these days?",
    "What would make the biggest difference for your family right now?",
    "Outside work and chores, what gives your week its meaning?",
    "What are you hoping for, for yourself, in the next few years?",
))
STORIES = Category("stories", "stories", frozenset({"story"}), (
    "Where did you grow up, and what was it like back then?",
    "Who shaped the way you see the world, and how?",
    "Was there a moment when you first felt something was unfair?",
    "Tell me about a time you or your family had to fight for something.",
))
VALUES = Category("values", "values and anger", frozenset({"value", "concern"}), (
    "What makes you angry when you look at how things are around here?",
    "What matters enough to you that you would give up a Saturday for it?",
    "When did you last see something wrong and feel you had to speak up?",
    "What did the people who raised you teach you about how to treat others?",
))
TALENTS = Category("talents", "talents and networks", frozenset({"talent", "network"}), (
    "What do people keep asking you to help them with?",
    "What are you good at that few people here have seen?",
    "Which groups, congregations, teams or unions are you part of?",
    "When something needs to get done, who do you call first?",
))
VISION = Category("vision", "vision", frozenset({"common"}), (
    "If you could change one thing about this place, what would it be?",
    "What would a good life here look like for the next generation?",
    "What do you love about this community that you would want to protect?",
    "What would have to happen for you to feel things were getting better?",
))
PAST = Category("past-involvement", "past involvement", frozenset(), (
    "Have you ever been part of a group that tried to change something? How did it go?",
    "Is there something you used to be part of and stepped back from? What happened?",
    "Which efforts around here have you watched from the sidelines, and what kept you there?",
    "What did you learn from something you tried that did not work out?",
))
CLOSING = Category("closing", "closing", frozenset(), (
    "Who else should I sit down with? Whose name comes to mind?",
    "Who else cares about this as much as you do?",
    "Is there anything you would like to ask me before we finish?",
    "Is there someone you could introduce me to, and may I say you suggested it?",
))

# The order in which missing things are asked about, then what deepens a known relationship.
BY_NEED = (SELF_INTEREST, STORIES, VALUES, TALENTS, VISION)
DEEPENING = (VISION, PAST)
CATEGORIES = (GETTING_TO_KNOW, *BY_NEED, PAST, CLOSING)
_STEP = 2  # at most two questions come from one category, so each meeting moves on two


@dataclass(frozen=True)
class Question:
    category: str  # the category's title, shown beside the question
    text: str


def suggest(known: set[str] | frozenset[str], *, meetings_held: int, count: int = SUGGESTED) -> list[Question]:
    """About `count` questions for what is still unknown, the last one a closing question."""
    pools: list[Category] = [GETTING_TO_KNOW] if meetings_held == 0 else []
    pools += [c for c in BY_NEED if not c.kinds <= set(known)]
    pools += [c for c in DEEPENING if c not in pools]
    chosen: list[Question] = []
    for turn in range(_STEP):
        for category in pools:
            if len(chosen) >= count - 1:
                break
            at = (meetings_held * _STEP + turn) % len(category.questions)
            chosen.append(Question(category.title, category.questions[at]))
    closing = CLOSING.questions[meetings_held % len(CLOSING.questions)]
    return chosen + [Question(CLOSING.title, closing)]
