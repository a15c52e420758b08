"""All nine analyzers over one record, in dependency order, into one `AnalysisResult`.

`STEPS` is the one list of analyzers and what each needs; `analyze()` runs it in a loop (CLI,
evaluation, benchmarks) and `transforms/ptransforms.py` wraps each step as a Beam PTransform.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from schemas.analysis import AnalysisResult
from schemas.session_record import SessionRecord
from transforms.action_items import analyze_action_items
from transforms.content_gaps import analyze_content_gaps
from transforms.executive_summary import analyze_executive_summary
from transforms.lead_scoring import analyze_lead_score
from transforms.objections import analyze_objections
from transforms.performance import analyze_performance
from transforms.quality import analyze_quality
from transforms.sales_intelligence import analyze_sales_intelligence
from transforms.sentiment import analyze_sentiment
from transforms.version import ANALYZER_VERSION


@dataclass(frozen=True)
class Step:
    name: str  # the AnalysisResult field it fills
    analyzer: Callable[..., Any]  # analyzer(record, *reports named in `needs`)
    needs: tuple[str, ...] = ()

    def run(self, record: SessionRecord, reports: dict[str, Any]) -> Any:
        return self.analyzer(record, *(reports[need] for need in self.needs))


STEPS: tuple[Step, ...] = (
    Step("objections", analyze_objections),
    Step("sales_intelligence", analyze_sales_intelligence, ("objections",)),
    Step("sentiment", analyze_sentiment),
    Step("quality", analyze_quality, ("sentiment",)),
    Step("performance", analyze_performance),
    Step("content_gaps", analyze_content_gaps),
    Step("action_items", analyze_action_items, ("objections",)),
    Step("lead_score", analyze_lead_score, ("sales_intelligence", "quality", "sentiment")),
    Step("executive_summary", analyze_executive_summary,
         ("sales_intelligence", "lead_score", "quality", "sentiment", "objections",
          "performance", "content_gaps", "action_items")),
)
STEPS_BY_NAME = {step.name: step for step in STEPS}


def assemble(record: SessionRecord, reports: dict[str, Any],
             analyzed_at: datetime | None = None) -> AnalysisResult:
    return AnalysisResult(session_id=record.session_id, analyzer_version=ANALYZER_VERSION,
                          analyzed_at=analyzed_at or datetime.now(UTC), **reports)


def analyze(record: SessionRecord, analyzed_at: datetime | None = None) -> AnalysisResult:
    reports: dict[str, Any] = {}
    for step in STEPS:
        reports[step.name] = step.run(record, reports)
    return assemble(record, reports, analyzed_at)
