from django.core.management.base import BaseCommand, CommandError

from assignment.engine import RunParameters
from assignment.enums import RunStatus
from assignment.services import (
    assignment_run_commit,
    assignment_run_create,
    assignment_run_execute,
)
from fomo_site.errors import Refusal
from topics.models import Workshop


class Command(BaseCommand):
    help = (
        "Run the reviewer assignment for a workshop now (the same code as the organizers' "
        "page, without a worker) and print its quality. With --commit the proposal replaces "
        "the current assignment, keeping the must-assign pairs and the started reviews."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workshop", required=True, help="The workshop's slug.")
        parser.add_argument("--k", type=int, help="Reviewers per paper (workshop's default).")
        parser.add_argument("--max-load", type=int, help="Max papers per reviewer.")
        parser.add_argument("--min-load", type=int, default=0, help="Min papers per reviewer.")
        parser.add_argument("--fair", action="store_true", help="Fairness mode.")
        parser.add_argument("--commit", action="store_true", help="Commit the proposal.")

    def handle(self, *args, workshop: str, **options):
        workshop_obj = Workshop.objects.filter(slug=workshop).first()
        if workshop_obj is None:
            raise CommandError(f"No workshop with slug “{workshop}”.")
        defaults = RunParameters.defaults(workshop_obj)
        parameters = RunParameters(
            k=options["k"] or defaults.k,
            max_load=options["max_load"] or defaults.max_load,
            min_load=options["min_load"],
            fair=options["fair"],
            topic_weight=defaults.topic_weight,
            text_weight=defaults.text_weight,
            bid_weight=defaults.bid_weight,
        )
        run = assignment_run_create(workshop=workshop_obj, parameters=parameters, start=False)
        run = assignment_run_execute(run_id=run.pk)
        if run.status != RunStatus.DONE:
            reasons = "".join(f"\n- {reason}" for reason in run.reasons)
            raise CommandError(f"Run {run.pk} failed: {run.error}{reasons}")
        self._print_quality(run)
        if options["commit"]:
            try:
                summary = assignment_run_commit(run=run, by=None)
            except Refusal as refused:
                raise CommandError(str(refused)) from refused
            self.stdout.write(
                f"Committed: {summary.added} added, {summary.removed} removed, {summary.kept} "
                f"kept, {summary.started_kept} kept as their review has started."
            )

    def _print_quality(self, run) -> None:
        q = run.quality
        histogram = ", ".join(f"{load}: {n}" for load, n in q["load_histogram"].items())
        lines = [
            f"Run {run.pk}: {q['n_papers']} papers, {q['n_reviewers']} reviewers, "
            f"{q['n_pairs']} pairs ({q['n_fixed']} must-assign, "
            f"{q.get('n_started', 0)} started reviews kept)",
            f"kept reviews of reviewers no longer in the pool: {q.get('n_kept', 0)}",
            f"coverage: {q['coverage']:.0%}",
            f"paper affinity mean/median/min: {q['mean_paper_affinity']:.3f} / "
            f"{q['median_paper_affinity']:.3f} / {q['min_paper_affinity']:.3f}",
            f"mean pair affinity: {q['mean_pair_affinity']:.3f}",
            f"load histogram (load: reviewers): {histogram}",
            f"papers with a reviewer outside their area: {q['papers_outside_area']}",
            f"conflicts avoided: {q['conflicts_avoided']}",
            f"candidates: {q['candidates']['strategy']}",
        ]
        if q["fairness"]:
            before = q["fairness"]["plain_min_paper_affinity"]
            cost = q["fairness"]["total_affinity_cost_percent"]
            lines.append(
                f"fairness: worst paper {before:.3f} -> {q['min_paper_affinity']:.3f}, "
                f"cost {cost:.2f}% of the total"
            )
        lines.append(f"time: {run.timings.get('total', 0):.2f}s")
        self.stdout.write("\n".join(lines))
