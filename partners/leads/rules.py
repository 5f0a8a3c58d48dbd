"""Who may follow leads. Reads and updates go through `Lead.objects.visible_to(user)` (404
outside the territory, and nothing for operators and company contacts); these predicates close
the pipeline to roles that never use them (403). Registered by `PartnersConfig.ready()`: the
package is not an app, so rules' autodiscovery skips it."""

import rules

from accounts.rules import is_national, is_territorial

rules.add_perm("partners.list_leads", is_national | is_territorial)
