"""A history names no more than the reader may see: for every historised model and each of its
foreign keys and many-to-many fields to a scoped model, an object out of the reader's scope
shows as “(not visible)”, and by name to a reader who may see it. Models and fields are found
by introspection: one added later gets a case here or fails."""

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst

from accounts.models import Membership, User
from beneficiaries.models import (
    Beneficiary,
    DuplicateCandidate,
    Enrolment,
    FollowUp,
    PathwayStep,
    Referral,
)
from config.history import DELETED, NOT_VISIBLE, PUBLIC_APPS, _labels
from partners.models import (
    Contact,
    Convention,
    ConventionAmendment,
    ConventionObjective,
    Interaction,
    Lead,
    LeadStatus,
    MobilisationAction,
    Organisation,
)
from programmes.models import Action, Programme, Target, TerritorialContract

from ..beneficiaries.factories import (
    BeneficiaryFactory,
    EnrolmentFactory,
    FollowUpFactory,
    PathwayStepFactory,
)
from ..conventions.factories import AmendmentFactory, ConventionFactory, ObjectiveFactory
from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..leads.factories import LeadFactory
from ..mobilisation.factories import InteractionFactory, MobilisationActionFactory
from ..partners.factories import ContactFactory
from ..programmes.factories import ActionFactory, ContractFactory, TargetFactory, programme


def historised_models():
    return [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def history_relations(model):
    """The foreign keys and many-to-many fields whose changes the history of `model` shows."""
    history_model = model.history.model
    fields = [f for f in history_model.tracked_fields if f.is_relation and f.editable]
    return fields + list(history_model._history_m2m_fields)


def is_scoped(related_model):
    return hasattr(related_model._default_manager, "visible_to")


SCOPED_RELATIONS = [
    pytest.param(model, field.name, id=f"{model._meta.label}.{field.name}")
    for model in historised_models()
    for field in history_relations(model)
    if is_scoped(field.related_model)
]


# --- The objects whose history is read, each in Paris ---------------------------------------


def _target(paris, field_name):
    # A target is on an action or on a contract, never both.
    if field_name == "contract":
        return TargetFactory(contract=ContractFactory(departments=[paris]))
    return TargetFactory(action=ActionFactory(departments=[paris]))


HISTORISED = {
    User: lambda paris, field_name: UserFactory(),
    # An operator of a national body: moving it to a Rhône user does not bring them to Paris.
    Membership: lambda paris, field_name: MembershipFactory(
        role="operator", organisation=OrganisationFactory(kind="operator", department=None)
    ),
    Action: lambda paris, field_name: ActionFactory(departments=[paris]),
    TerritorialContract: lambda paris, field_name: ContractFactory(departments=[paris]),
    Target: _target,
    Convention: lambda paris, field_name: ConventionFactory(departments=[paris]),
    ConventionAmendment: lambda paris, field_name: AmendmentFactory(document=""),
    ConventionObjective: lambda paris, field_name: ObjectiveFactory(),
    Lead: lambda paris, field_name: LeadFactory(department=paris),
    MobilisationAction: lambda paris, field_name: MobilisationActionFactory(departments=[paris]),
    Interaction: lambda paris, field_name: InteractionFactory(
        organisation=OrganisationFactory(department=paris)
    ),
    Organisation: lambda paris, field_name: OrganisationFactory(department=paris),
    Contact: lambda paris, field_name: ContactFactory(
        organisation=OrganisationFactory(department=paris)
    ),
    Beneficiary: lambda paris, field_name: BeneficiaryFactory(department=paris),
    # In an action covering no département: a person moved into it is not thereby enrolled in
    # the Paris coordinator's territory.
    Enrolment: lambda paris, field_name: EnrolmentFactory(
        beneficiary=BeneficiaryFactory(department=paris), action=ActionFactory(departments=[])
    ),
    PathwayStep: lambda paris, field_name: PathwayStepFactory(
        beneficiary=BeneficiaryFactory(department=paris), enrolment=None
    ),
    FollowUp: lambda paris, field_name: FollowUpFactory(
        enrolment=EnrolmentFactory(
            beneficiary=BeneficiaryFactory(department=paris), exited=True, follow_ups=False
        )
    ),
}


def _referral(paris, field_name):
    """A referral of a Paris person to a Paris action; accepted when `field_name` is one only
    an answer fills (the database refuses it otherwise)."""
    referral = Referral.objects.create(
        beneficiary=BeneficiaryFactory(department=paris),
        referred_by=UserFactory(),
        action=ActionFactory(departments=[paris]),
        message="Orientation",
    )
    if field_name in ("enrolment", "decided_by"):
        referral.accept(UserFactory())
    return referral


HISTORISED[Referral] = _referral


def _duplicate_candidate(paris, field_name):
    """A pair of Paris people, decided when `field_name` is `decided_by` (the database wants
    who and when of a decision). The pair keeps its lower key first: when `first` is to point
    to a person created afterwards, `second` is given a key above any the test will create."""
    if field_name == "first" and connection.vendor == "sqlite":
        pytest.skip(
            "SQLite numbers a new row after the highest key: the person created next cannot"
        )
    first = BeneficiaryFactory(department=paris)
    second = BeneficiaryFactory(department=paris, pk=10**9 if field_name == "first" else None)
    if field_name == "decided_by":
        return DuplicateCandidate.objects.create(
            first=first,
            second=second,
            status="different",
            decided_by=UserFactory(),
            decided_at=timezone.now(),
        )
    return DuplicateCandidate.objects.create(first=first, second=second)


HISTORISED[DuplicateCandidate] = _duplicate_candidate


def _hidden_person(rhone):
    return BeneficiaryFactory(first_name="Zarghuna", last_name="Rhodanienne", department=rhone)


# --- What a Paris coordinator may not see (a company contact, for programmes) ---------------


def _hidden_user(rhone):
    user = UserFactory(first_name="Hortense", last_name="Rhodanienne")
    MembershipFactory(user=user, role="territorial", departments=[rhone])
    return user


HIDDEN = {
    Organisation: (
        lambda rhone: OrganisationFactory(name="Soieries Lyonnaises Secretes", department=rhone),
        "paris_user",
    ),
    User: (_hidden_user, "paris_user"),
    Contact: (
        lambda rhone: ContactFactory(
            organisation=OrganisationFactory(department=rhone),
            first_name="Gaspard",
            last_name="Confidentiel",
        ),
        "paris_user",
    ),
    Convention: (
        lambda rhone: ConventionFactory(
            title="Convention Rhodanienne Reservee", departments=[rhone]
        ),
        "paris_user",
    ),
    Action: (
        lambda rhone: ActionFactory(title="Atelier Rhodanien Reserve", departments=[rhone]),
        "paris_user",
    ),
    TerritorialContract: (
        lambda rhone: ContractFactory(name="CTAI Rhodanien Reserve", departments=[rhone]),
        "paris_user",
    ),
    Programme: (lambda rhone: programme(Programme.AGIR), "company_user"),
    Beneficiary: (_hidden_person, "paris_user"),
    Enrolment: (
        lambda rhone: EnrolmentFactory(
            beneficiary=_hidden_person(rhone),
            action=ActionFactory(title="Parcours Rhodanien Reserve", departments=[rhone]),
        ),
        "paris_user",
    ),
}


def change_to_hidden(model, field_name, request, departments):
    """An object of `model` whose `field_name` now points to an object its outsider may not
    see; returns the object, the hidden one and the outsider."""
    try:
        build = HISTORISED[model]
    except KeyError:
        pytest.fail(f"{model._meta.label} is historised: say how to build one in HISTORISED.")
    model_field = model._meta.get_field(field_name)
    try:
        build_hidden, outsider = HIDDEN[model_field.related_model]
    except KeyError:
        pytest.fail(f"Say in HIDDEN what a reader may not see of {model_field.related_model}.")
    obj = build(departments["75"], field_name)
    hidden = build_hidden(departments["69"])
    if model_field.many_to_many:
        getattr(obj, field_name).set([hidden])
    else:
        setattr(obj, field_name, hidden)
        if isinstance(obj, Lead) and field_name == "convention":
            obj.status = LeadStatus.CONVENTION  # a lead linked to a convention has signed it
        obj.save()
    return obj, hidden, request.getfixturevalue(outsider)


@pytest.mark.parametrize(("model", "field_name"), SCOPED_RELATIONS)
def test_a_related_object_out_of_scope_is_not_named(
    model, field_name, request, departments, render_history
):
    obj, hidden, outsider = change_to_hidden(model, field_name, request, departments)
    page = render_history(obj, outsider)
    label = capfirst(str(model._meta.get_field(field_name).verbose_name))
    assert escape(label) in page  # the change itself is shown…
    assert escape(str(hidden)) not in page  # …without the name of what it points to
    assert escape(str(NOT_VISIBLE)) in page


@pytest.mark.parametrize(("model", "field_name"), SCOPED_RELATIONS)
def test_a_related_object_in_scope_is_named(
    model, field_name, request, departments, national_user, render_history
):
    obj, hidden, _outsider = change_to_hidden(model, field_name, request, departments)
    page = render_history(obj, national_user)
    assert escape(str(hidden)) in page


def test_every_historised_relation_is_scoped_or_reference_data():
    """A relation to a model with neither `visible_to` nor public data would show only
    “(not visible)”: decide who may see that model before recording its history."""
    unscoped = [
        f"{model._meta.label}.{field.name}"
        for model in historised_models()
        for field in history_relations(model)
        if not is_scoped(field.related_model)
        and field.related_model._meta.app_label not in PUBLIC_APPS
    ]
    assert unscoped == []


def test_reference_data_are_named_for_everyone(departments, company_user, render_history):
    action = MobilisationActionFactory(departments=[departments["75"]])
    action.departments.set([departments["69"]])
    page = render_history(action, company_user)
    assert escape(str(departments["75"])) in page
    assert escape(str(departments["69"])) in page


def test_a_model_without_visible_to_is_not_visible(national_user):
    objective = ObjectiveFactory()
    assert _labels(ConventionObjective, [objective.pk], national_user) == {
        objective.pk: str(NOT_VISIBLE)
    }


def test_a_related_object_that_no_longer_exists_shows_as_deleted(
    departments, national_user, render_history
):
    lead = LeadFactory(department=departments["75"])
    convention = ConventionFactory(title="Convention Abandonnee")
    lead.convention, lead.status = convention, LeadStatus.CONVENTION
    lead.save()
    convention.delete()
    page = render_history(lead, national_user)
    assert "Convention Abandonnee" not in page
    assert escape(str(DELETED)) in page


def test_the_author_of_a_change_is_named_only_to_those_who_may_see_them(
    departments, rhone_user, paris_user, national_user, render_history
):
    national_body = OrganisationFactory(name="Agence Nationale", department=None)
    national_body.name = "Agence Nationale Renommee"
    national_body._history_user = rhone_user
    national_body.save()
    author = escape(str(rhone_user))

    paris_page = render_history(national_body, paris_user)
    assert "Agence Nationale → Agence Nationale Renommee" in paris_page
    assert author not in paris_page
    assert escape(str(NOT_VISIBLE)) in paris_page

    assert author in render_history(national_body, national_user)
    assert author in render_history(national_body, rhone_user)
