"""Factories and a small territory for good practice tests."""

import factory

from participation.common.models import utcnow
from participation.common.text import fold
from participation.good_practice.models import GoodPractice, GoodPracticeStatus
from participation.proposals.models import Category
from tests.factories import BaseFactory, assigned_list


class GoodPracticeFactory(BaseFactory):
    class Meta:
        model = GoodPractice

    title = factory.Sequence(lambda n: f"Společný svoz objemného odpadu {n}")
    summary = "Čtyři obce sdílejí jeden sběrný dvůr."
    body = "### Co bylo za problém\nČerné skládky."
    search_text = factory.LazyAttribute(lambda p: fold(" ".join((p.title, p.summary, p.body))))
    category = Category.WASTE
    status = GoodPracticeStatus.PUBLISHED
    published_at = factory.LazyFunction(utcnow)

    municipalities = assigned_list("municipalities")
    proposals = assigned_list("proposals")
