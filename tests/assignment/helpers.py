"""Small builders for the assignment tests: a two-area workshop whose best assignment is
obvious (scaling-law papers to scaling-law experts, fine-tuning papers to fine-tuning ones)."""

from assignment.engine import RunParameters
from assignment.services import assignment_run_create, assignment_run_execute
from pool.enums import ConflictSource
from pool.models import Conflict, TopicExpertise
from tests.pool.helpers import make_reviewer, make_submission

SCALING = "scaling laws compute optimal training tokens parameters loss curves"
TUNING = "fine-tuning adapters instruction tuning low-rank adaptation downstream tasks"


def add_reviewer(workshop, topic, email: str, name: str, text: str, level: str = "expert"):
    profile = make_reviewer(workshop, email, name)
    profile.statement = text
    profile.keywords = ", ".join(text.split()[:3])
    profile.save()
    TopicExpertise.objects.create(profile=profile, topic=topic, level=level)
    return profile.user


def add_paper(workshop, topic, number: int, text: str, authors=()):
    return make_submission(
        workshop,
        topic,
        authors=authors,
        number=number,
        title=f"Paper {number} on {text.split()[0]} {text.split()[1]}",
        abstract=f"We study {text}.",
        keywords=", ".join(text.split()[:2]),
    )


def two_area_workshop(workshop, topics):
    """Papers #1, #2 on scaling laws and #3, #4 on fine-tuning; reviewers A, B (scaling)
    and C, D (fine-tuning). Returns (papers by number, reviewers by letter)."""
    papers = {
        1: add_paper(workshop, topics["scaling-laws"], 1, SCALING),
        2: add_paper(workshop, topics["scaling-laws"], 2, SCALING),
        3: add_paper(workshop, topics["fine-tuning"], 3, TUNING),
        4: add_paper(workshop, topics["fine-tuning"], 4, TUNING),
    }
    scaling, tuning = topics["scaling-laws"], topics["fine-tuning"]
    reviewers = {
        "A": add_reviewer(workshop, scaling, "ada@alpha.example.org", "Ada A", SCALING),
        "B": add_reviewer(workshop, scaling, "bo@beta.example.org", "Bo B", SCALING),
        "C": add_reviewer(workshop, tuning, "cy@gamma.example.org", "Cy C", TUNING),
        "D": add_reviewer(workshop, tuning, "di@delta.example.org", "Di D", TUNING),
    }
    return papers, reviewers


def add_conflict(workshop, submission, user):
    return Conflict.objects.create(
        workshop=workshop,
        submission=submission,
        reviewer=user,
        source=ConflictSource.ORGANIZER,
        reason="Test conflict",
    )


def parameters(k: int = 2, max_load: int = 2, **overrides) -> RunParameters:
    return RunParameters(k=k, max_load=max_load, **overrides)


def run_now(workshop, **overrides):
    """A run executed in-process, as the task would (no broker involved)."""
    run = assignment_run_create(workshop=workshop, parameters=parameters(**overrides), start=False)
    return assignment_run_execute(run_id=run.pk)


def pairs_of(queryset) -> set[tuple[int, str]]:
    """(paper number, reviewer name) of assignments or proposed pairs."""
    return set(queryset.values_list("submission__number", "reviewer__full_name"))
