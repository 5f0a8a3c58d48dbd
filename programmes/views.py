"""Pages of programmes, actions, CTAI contracts and the AGIR rollout."""
