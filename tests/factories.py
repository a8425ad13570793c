import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import User
from topics.models import Topic, Workshop
from topics.services import phase_dates


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@uni{n}.example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    affiliation = factory.Sequence(lambda n: f"University {n}")
    password = factory.django.Password("correct horse battery staple")


class WorkshopFactory(DjangoModelFactory):
    """A workshop whose call for papers is open today; pass phase= for another phase."""

    class Meta:
        model = Workshop

    class Params:
        phase = "submission"

    name = factory.Sequence(lambda n: f"Workshop on Foundation Models {n}")
    short_name = factory.Sequence(lambda n: f"WFM-{n}")
    slug = factory.Sequence(lambda n: f"wfm-{n}")
    description = "Understanding **foundation models**."

    @factory.lazy_attribute
    def submission_opens_at(self):
        return phase_dates(self.phase)["submission_opens_at"]

    @factory.lazy_attribute
    def submission_deadline(self):
        return phase_dates(self.phase)["submission_deadline"]

    @factory.lazy_attribute
    def bidding_deadline(self):
        return phase_dates(self.phase)["bidding_deadline"]

    @factory.lazy_attribute
    def review_deadline(self):
        return phase_dates(self.phase)["review_deadline"]

    @factory.lazy_attribute
    def decision_notification_at(self):
        return phase_dates(self.phase)["decision_notification_at"]

    @factory.lazy_attribute
    def camera_ready_deadline(self):
        return phase_dates(self.phase)["camera_ready_deadline"]


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    workshop = factory.SubFactory(WorkshopFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class SubmissionFactory(DjangoModelFactory):
    """A submitted paper (no files) whose primary topic is a subtopic of its workshop."""

    class Meta:
        model = "submissions.Submission"

    workshop = factory.SubFactory(WorkshopFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"On the emergence of skill {n}")
    abstract = "We study how skills emerge with scale."
    keywords = "scaling, emergence"
    status = "submitted"
    anonymized_confirmed = True
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.lazy_attribute
    def primary_topic(self):
        area = TopicFactory(workshop=self.workshop)
        return TopicFactory(workshop=self.workshop, parent=area)


class AuthorshipFactory(DjangoModelFactory):
    class Meta:
        model = "submissions.Authorship"

    submission = factory.SubFactory(SubmissionFactory)
    name = factory.Sequence(lambda n: f"Author {n}")
    email = factory.Sequence(lambda n: f"author{n}@lab{n}.example.org")
    affiliation = factory.Sequence(lambda n: f"Lab {n}")
    order = factory.Sequence(lambda n: n + 1)
    is_corresponding = False


class ReviewerProfileFactory(DjangoModelFactory):
    """An accepted reviewer of a workshop (no invitation row; conflicts not recomputed)."""

    class Meta:
        model = "pool.ReviewerProfile"

    workshop = factory.SubFactory(WorkshopFactory)
    user = factory.SubFactory(UserFactory)
    affiliation = factory.LazyAttribute(lambda profile: profile.user.affiliation)
