"""What judging checks and does when a contest moves (listed in `contests.transitions`).

* `close_judging` queues the results computation of the stage being judged, on commit,
  and marks that stage's existing results stale until the computation has run;
* `publish` is refused while the final stage's results are missing, incomplete or hold an
  undecided tie at a quota boundary.
"""

from core.errors import NotAllowed


def queue_results(contest, actor) -> None:
    from .models import ResultSet
    from .stages import current_stage
    from .tasks import compute_results

    stage = current_stage(contest)
    if stage is not None:
        ResultSet.objects.filter(stage=stage).update(stale=True)
        compute_results.delay_on_commit(stage.pk)


def results_publishable(contest) -> None:
    from .services.results import publication_problem

    problem = publication_problem(contest)
    if problem:
        raise NotAllowed(problem, state=contest.state)

