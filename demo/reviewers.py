"""Demo reviewers for load_demo: accepted, with plausible profiles and a few bids."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from pool.enums import BidValue, ExpertiseLevel, InvitationStatus
from pool.models import Bid, ReviewerInvitation, ReviewerProfile, TopicExpertise
from pool.paper_texts import PaperEntry
from pool.selectors import conflict_pairs
from pool.services import (
    conflicts_recompute_for_reviewer,
    profile_defaults,
    reviewer_papers_replace,
    token_new,
)
from submissions.enums import SubmissionStatus
from topics.models import Topic, Workshop

DEMO_STATEMENTS = [
    "I study how pre-training data shapes what large language models can do, with a focus "
    "on data filtering, deduplication and contamination.",
    "My research is on efficient adaptation of foundation models: parameter-efficient "
    "fine-tuning, prompting and in-context learning.",
    "I work on the theory of generalization and representation learning in deep networks, "
    "including scaling laws and emergent capabilities.",
    "I work on safety and alignment: reward modelling, RLHF, red-teaming and robustness "
    "to distribution shift.",
    "My group builds efficient architectures and training methods: mixture of experts, "
    "state-space models, quantization.",
    "I am interested in calibration, biases and evaluation of foundation models, and in "
    "machine unlearning and watermarking.",
]


DEMO_PAPERS = [
    "Data pruning beats power-law scaling\nkeywords: data selection, scaling laws, pre-training",
    "In-context learning as implicit Bayesian inference\nkeywords: in-context learning, "
    "transformers, theory",
    "Low-rank adapters for instruction tuning\nkeywords: fine-tuning, LoRA, instruction tuning",
    "Grokking in modular arithmetic, explained\nkeywords: emergence, generalization, training "
    "dynamics",
    "Reward hacking under distribution shift\nkeywords: RLHF, alignment, robustness",
    "Watermarks that survive paraphrasing\nkeywords: watermarking, generation, security",
    "Sparse mixtures of experts at small scale\nkeywords: efficiency, architecture, MoE",
]


def demo_reviewer_papers(index: int) -> list[PaperEntry]:
    """Two to four of the demo papers for the index-th reviewer."""
    texts = [DEMO_PAPERS[(index + k) % len(DEMO_PAPERS)] for k in range(2 + index % 3)]
    return [
        PaperEntry(title=title, abstract=abstract, year=2021 + (index + k) % 4)
        for k, (title, _, abstract) in enumerate(text.partition("\n") for text in texts)
    ]


DEMO_BIDS = [BidValue.EAGER, BidValue.WILLING, BidValue.IN_A_PINCH, BidValue.NOT_WILLING]


LEVELS = [ExpertiseLevel.EXPERT, ExpertiseLevel.KNOWLEDGEABLE, ExpertiseLevel.INTERESTED]


@transaction.atomic
def demo_reviewers_create(*, workshop: Workshop, reviewers: list[User], bids: bool = True) -> int:
    """Make the users accepted reviewers with profiles; returns how many were new."""
    topics = list(Topic.objects.filter(workshop=workshop).exclude(parent=None).order_by("pk"))
    created = 0
    for index, user in enumerate(reviewers):
        if ReviewerProfile.objects.filter(workshop=workshop, user=user).exists():
            continue
        invitation, _ = ReviewerInvitation.objects.get_or_create(
            workshop=workshop,
            email=user.email.lower(),
            defaults={
                "name": user.full_name,
                "affiliation": user.affiliation,
                "token_hash": token_new()[1],
                "sent_at": timezone.now(),
                "send_count": 1,
            },
        )
        invitation.status = InvitationStatus.ACCEPTED
        invitation.user = user
        invitation.responded_at = timezone.now()
        invitation.save()
        profile = ReviewerProfile.objects.create(
            workshop=workshop,
            user=user,
            invitation=invitation,
            statement=DEMO_STATEMENTS[index % len(DEMO_STATEMENTS)],
            max_load=None if index % 2 else max(1, workshop.max_papers_per_reviewer - 1),
            completed_at=timezone.now(),
            **profile_defaults(user),
        )
        reviewer_papers_replace(profile=profile, papers=demo_reviewer_papers(index))
        if topics:
            chosen = {topics[(index * 2 + k) % len(topics)].pk: LEVELS[k] for k in range(3)}
            TopicExpertise.objects.bulk_create(
                TopicExpertise(profile=profile, topic_id=topic_id, level=level)
                for topic_id, level in chosen.items()
            )
        conflicts_recompute_for_reviewer(profile=profile)
        created += 1
    if bids:
        _demo_bids(workshop, reviewers)
    return created


def _demo_bids(workshop: Workshop, reviewers: list[User]) -> None:
    papers = list(
        workshop.submissions.filter(status=SubmissionStatus.SUBMITTED)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    if not papers:
        return
    conflicted = conflict_pairs(workshop=workshop)
    existing = set(
        Bid.objects.filter(submission__workshop=workshop).values_list(
            "submission_id", "reviewer_id"
        )
    )
    new = []
    for index, user in enumerate(reviewers):
        for k in range(min(4, len(papers))):
            paper = papers[(index + k) % len(papers)]
            if (paper, user.pk) in conflicted or (paper, user.pk) in existing:
                continue
            new.append(Bid(submission_id=paper, reviewer=user, value=DEMO_BIDS[k]))
    Bid.objects.bulk_create(new, ignore_conflicts=True)
