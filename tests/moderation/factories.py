"""Factories for reports and posting blocks."""

from datetime import timedelta

import factory

from participation.common.models import utcnow
from participation.moderation.models import PostingBlock, Report, ReportReason
from tests.factories import BaseFactory, UserFactory


class ReportFactory(BaseFactory):
    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    reason = ReportReason.OFFENSIVE
    note = ""


class PostingBlockFactory(BaseFactory):
    class Meta:
        model = PostingBlock

    user = factory.SubFactory(UserFactory)
    reason = "Opakované urážky"
    ends_at = factory.LazyFunction(lambda: utcnow() + timedelta(days=7))


def established_user(**kwargs):
    """A confirmed account old enough for its reports to count towards automatic hiding."""
    return UserFactory(created_at=utcnow() - timedelta(days=30), **kwargs)
