"""All nine analyzers over one record, in dependency order, into one `AnalysisResult`.

The Beam wrappers in `transforms/ptransforms.py` chain the same functions one step each;
this is the plain path the CLI, the evaluation and the benchmark use.
"""

from datetime import UTC, datetime

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


def analyze(record: SessionRecord, analyzed_at: datetime | None = None) -> AnalysisResult:
    objections = analyze_objections(record)
    sales = analyze_sales_intelligence(record, objections)
    sentiment = analyze_sentiment(record)
    quality = analyze_quality(record, sentiment)
    performance = analyze_performance(record)
    gaps = analyze_content_gaps(record)
    actions = analyze_action_items(record, objections)
    lead = analyze_lead_score(record, sales, quality, sentiment)
    summary = analyze_executive_summary(record, sales, lead, quality, sentiment, objections,
                                        performance, gaps, actions)
    return AnalysisResult(
        session_id=record.session_id, analyzer_version=ANALYZER_VERSION,
        analyzed_at=analyzed_at or datetime.now(UTC), sales_intelligence=sales,
        lead_score=lead, quality=quality, sentiment=sentiment, objections=objections,
        performance=performance, content_gaps=gaps, action_items=actions,
        executive_summary=summary,
    )
