"""What other pages read of conventions: objectives with their progress (the convention page
and the company space show them)."""


def objectives_with_progress(convention, parties):
    """The convention's objectives, each with `progress` computed against the given parties."""
    objectives = list(convention.objectives.select_related("department"))
    for objective in objectives:
        objective.progress_now = objective.progress(organisations=parties)
    return objectives
