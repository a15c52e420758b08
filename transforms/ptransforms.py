"""Thin Beam wrappers: one PTransform per analyzer, chained so they fuse into one stage.

Elements are `InFlight(record, reports)`: each step adds its report and passes the element on
(`beam.Map`, no grouping), so the runner fuses the nine steps with no shuffle between them.
`AnalyzeSession` chains all nine and emits `(record, AnalysisResult)`.

    sessions | AnalyzeSession()   # PCollection[SessionRecord] -> PCollection[(record, result)]
"""

from dataclasses import dataclass, field
from typing import Any

import apache_beam as beam

from schemas.analysis import AnalysisResult
from schemas.session_record import SessionRecord
from transforms.analyze import STEPS_BY_NAME, assemble


@dataclass(frozen=True)
class InFlight:
    """A record on its way through the analyzers, with the reports made so far."""

    record: SessionRecord
    reports: dict[str, Any] = field(default_factory=dict)


class _AddReport(beam.PTransform):
    """Run one analyzer step and add its report to the element."""

    step_name = ""

    def expand(self, pcoll: beam.PCollection) -> beam.PCollection:
        return pcoll | "Analyze" >> beam.Map(_add_report, STEPS_BY_NAME[self.step_name])


def _add_report(item: InFlight, step) -> InFlight:
    return InFlight(item.record, {**item.reports, step.name: step.run(item.record, item.reports)})


class AnalyzeObjections(_AddReport):
    step_name = "objections"


class AnalyzeSalesIntelligence(_AddReport):
    step_name = "sales_intelligence"


class AnalyzeSentiment(_AddReport):
    step_name = "sentiment"


class AnalyzeQuality(_AddReport):
    step_name = "quality"


class AnalyzePerformance(_AddReport):
    step_name = "performance"


class AnalyzeContentGaps(_AddReport):
    step_name = "content_gaps"


class ExtractActionItems(_AddReport):
    step_name = "action_items"


class ScoreLead(_AddReport):
    step_name = "lead_score"


class SummarizeForExecutives(_AddReport):
    step_name = "executive_summary"


def _assemble(item: InFlight) -> tuple[SessionRecord, AnalysisResult]:
    return item.record, assemble(item.record, item.reports)


class AnalyzeSession(beam.PTransform):
    """All nine analyzers: SessionRecord -> (SessionRecord, AnalysisResult)."""

    def expand(self, records: beam.PCollection) -> beam.PCollection:
        return (
            records
            | "StartAnalysis" >> beam.Map(InFlight)
            | "AnalyzeObjections" >> AnalyzeObjections()
            | "AnalyzeSalesIntelligence" >> AnalyzeSalesIntelligence()
            | "AnalyzeSentiment" >> AnalyzeSentiment()
            | "AnalyzeQuality" >> AnalyzeQuality()
            | "AnalyzePerformance" >> AnalyzePerformance()
            | "AnalyzeContentGaps" >> AnalyzeContentGaps()
            | "ExtractActionItems" >> ExtractActionItems()
            | "ScoreLead" >> ScoreLead()
            | "SummarizeForExecutives" >> SummarizeForExecutives()
            | "AssembleAnalysis" >> beam.Map(_assemble)
        )
