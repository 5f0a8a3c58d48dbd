"""Demonstration partnerships for ``seed_demo``, on top of the demo registry
(``demo.organisations``), the programmes (``demo.programmes``) and the demo accounts: leads at
every step of the pipeline, partnership conventions (national ones with the Fédération des GEIQ,
ANEFA, OPCO and two large employers; territorial ones in Rhône, Paris, Bouches-du-Rhône and
Seine-Saint-Denis) with their objectives and amendments, a year of mobilisation actions and two
months ahead, and the contact notes of the coordinators.

Dates are fixed around ``REFERENCE_DAY`` (the end of November 2026, as in the programmes demo)
and every choice comes from a seeded ``random.Random``, so a re-run builds the same rows and
inserts only those missing, found by their natural keys: leads by (company, submission date),
conventions by title, objectives by (convention, indicator, period start), amendments by
(convention, signing date), mobilisation actions by (title, date) and interactions by
(organisation, date, kind, summary). Existing rows are never changed, except the needs of
companies that have none yet. As in ``demo.programmes``, the many-to-many rows of the new
conventions and actions are bulk-inserted without their history.
"""

from .conventions import Conventions
from .leads import Leads
from .lookups import Lookups
from .mobilisation import Mobilisation
from .needs import Needs


class Seeder(Lookups, Conventions, Leads, Mobilisation, Needs):
    """Builds every spec first (the same at each run), then inserts what is missing."""


def seed(demo_company):
    """Create the missing demo partnerships; ``demo_company`` (seed_demo's “Bâtiments du
    Lyonnais”) signs the Rhône convention and is invited to mobilisation actions. Returns the
    counts of created rows."""
    seeder = Seeder(demo_company)
    convention_specs = seeder.convention_specs()
    conventions = seeder.seed_conventions(convention_specs)
    leads = seeder.lead_specs(convention_specs)
    seeder.seed_contacts([lead.organisation for lead in leads] + list(seeder.employers.values()))
    seeder.write_lead_notes(leads, convention_specs)
    seeder.seed_leads(leads, conventions)
    actions = seeder.action_specs({spec.key: spec for spec in convention_specs})
    seeder.seed_actions(actions)
    seeder.seed_interactions(seeder.interaction_specs(leads, actions))
    seeder.seed_needs(leads, convention_specs)
    return dict(seeder.created)
