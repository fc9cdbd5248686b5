"""Factories for projects."""

import factory

from participation.comments.models import Thread
from participation.common.text import fold
from participation.extensions import db
from participation.projects.models import Project, ProjectKind, ProjectStatus
from tests.factories import BaseFactory


class ProjectFactory(BaseFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Páteřní optická síť {n}")
    search_title = factory.LazyAttribute(lambda p: fold(p.title))
    kind = ProjectKind.FIBRE_BACKBONE
    status = ProjectStatus.BUILDING
    thread = factory.LazyFunction(lambda: Thread(subject_type="project"))

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if extracted:
            self.municipalities = list(extracted)
            db.session.commit()
