"""Choices of the assignment: run statuses, where a pair came from, edit actions."""

from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# A run in one of these has not finished: the stale-run sweeper watches them.
ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class RunKind(models.TextChoices):
    SOLVER = "solver", "Solver run"
    IMPORTED = "imported", "Imported from openreview-matcher"


class AssignmentOrigin(models.TextChoices):
    RUN = "run", "Assignment run"
    MANUAL = "manual", "Added by hand"


class EditAction(models.TextChoices):
    ADD = "add", "Added"
    REMOVE = "remove", "Removed"
    SWAP = "swap", "Swapped"
    FIX = "fix", "Marked must-assign"
    UNFIX = "unfix", "Unmarked must-assign"
    COMMIT = "commit", "Committed a run"
    RELEASE = "release", "Released to reviewers"


# Edits about one pair: they name the paper and the reviewer.
PAIR_ACTIONS = (
    EditAction.ADD,
    EditAction.REMOVE,
    EditAction.SWAP,
    EditAction.FIX,
    EditAction.UNFIX,
)
