# competitor_mentions: one row per competitor mention in a call, unnested from
# analysis_results.competitors "$.mentions" (the sessions explore joins it with UNNEST).
# Each mention carries the competitor id, the caller's stance and the quote.

view: competitor_mentions {
  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    label: "Mention key"
    description: "Session and the mention as JSON text."
    sql: CONCAT(${analysis_results.session_id}, '|', TO_JSON_STRING(${TABLE})) ;;
  }

  dimension: competitor {
    type: string
    label: "Competitor"
    description: "Competitor id (taxonomy competitors)."
    sql: JSON_VALUE(${TABLE}, '$.competitor') ;;
  }

  dimension: stance {
    type: string
    label: "Stance"
    description: "current, past, evaluating, comparison, hypothetical or negated ('we don't use X')."
    sql: JSON_VALUE(${TABLE}, '$.stance') ;;
  }

  dimension: is_in_play {
    type: yesno
    label: "Is in play"
    description: "The competitor is used now, being evaluated or compared against."
    sql: JSON_VALUE(${TABLE}, '$.stance') IN ('current', 'evaluating', 'comparison') ;;
  }

  dimension: quote {
    type: string
    label: "Quote"
    description: "What the caller said."
    sql: JSON_VALUE(${TABLE}, '$.evidence.quote') ;;
  }

  dimension: turn_index {
    type: number
    label: "Turn index"
    description: "Transcript turn of the mention."
    sql: SAFE_CAST(JSON_VALUE(${TABLE}, '$.evidence.turn_index') AS INT64) ;;
  }

  measure: mentions {
    type: count
    label: "Mentions"
    description: "Competitor mentions."
  }

  measure: calls {
    type: count_distinct
    label: "Calls mentioning"
    description: "Calls with at least one mention."
    sql: ${analysis_results.session_id} ;;
  }
}
