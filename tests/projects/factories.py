"""Factories for projects."""

import factory

from participation.comments.models import Thread
from participation.projects.models import Project, ProjectKind, ProjectStatus
from tests.factories import BaseFactory, assigned_list, folded


class ProjectFactory(BaseFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Páteřní optická síť {n}")
    search_title = folded("title")
    kind = ProjectKind.FIBRE_BACKBONE
    status = ProjectStatus.BUILDING
    thread = factory.LazyFunction(lambda: Thread(subject_type="project"))

    municipalities = assigned_list("municipalities")
