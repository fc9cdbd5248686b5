"""Factories for operators, their staff and declarations."""

import factory

from participation.accounts.models import RoleKind
from participation.operators.models import Operator
from tests.factories import BaseFactory, RoleFactory, UserFactory, assigned_list, folded


class OperatorFactory(BaseFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"Síť Orlicko {n} s.r.o.")
    search_name = folded("name")
    # Valid company numbers (check digit included), one per operator.
    company_number = factory.Iterator(["00064581", "25596641", "27082440", "60193336", "45274649"])

    municipalities = assigned_list("municipalities")


def staff_of(operator, **kwargs):
    """A person on the operator's staff (a role of kind "operator")."""
    user = UserFactory(**kwargs)
    RoleFactory(user=user, kind=RoleKind.OPERATOR, operator_id=operator.id)
    return user
