"""Demo company needs: what each company says it is looking for."""

from datetime import date

from simple_history.utils import bulk_update_with_history

from config.vocabularies import Sector
from partners.models import Organisation

from .dates import at
from .lookups import CHANGE_REASON
from .texts import JOBS


class Needs:
    """Seeder part: the needs of companies that have none recorded yet."""

    def seed_needs(self, leads, convention_specs):
        """What companies say they need: from their latest lead, or, for the companies and
        GEIQ of a convention, from their sector. Only where nothing was recorded yet."""
        needs = {}
        for lead in sorted(leads, key=lambda lead: lead.submitted_at):
            needs[lead.organisation.pk] = (
                lead.sectors, lead.jobs_offered, lead.hires_planned, lead.submitted_at
            )  # fmt: skip
        for spec in convention_specs:
            for party in spec.parties:
                sector = self.sector_of.get(party.pk)
                if sector and party.pk not in needs:
                    when = at(spec.signed_on or spec.start, 10)
                    jobs = " ; ".join(JOBS[sector][:2])
                    needs[party.pk] = ([sector], jobs, 4 + party.pk % 9, when)
        needs[self.demo_company.pk] = (
            [Sector.CONSTRUCTION],
            "Maçons, coffreurs-bancheurs (CDI) ; manœuvres (CDD 6 mois)",
            6,
            at(date(2026, 1, 12), 10),
        )
        organisations = [
            organisation
            for organisation in Organisation.objects.filter(pk__in=needs, needs_updated_at=None)
            if not organisation.needs_sectors
        ]
        for organisation in organisations:
            sectors, jobs, hires, when = needs[organisation.pk]
            organisation.needs_sectors = list(sectors)
            organisation.needs_jobs = jobs
            organisation.needs_hires = hires
            organisation.needs_updated_at = when
        bulk_update_with_history(
            organisations,
            Organisation,
            ["needs_sectors", "needs_jobs", "needs_hires", "needs_updated_at"],
            default_change_reason=CHANGE_REASON,
        )
        self.created["needs"] += len(organisations)
