# integration_needs: one row per integration a caller needs, per call, unnested from
# analysis_results.sales_intelligence "$.integration_needs" (the sessions explore joins it with
# UNNEST). Ids are the taxonomy's integrations; each appears once per call.

view: integration_needs {
  dimension: pk {
    primary_key: yes
    hidden: yes
    type: string
    label: "Integration need key"
    description: "Session and integration id."
    sql: CONCAT(${analysis_results.session_id}, '|', ${TABLE}) ;;
  }

  dimension: integration {
    type: string
    label: "Integration"
    description: "Integration id: salesforce, hubspot, google_drive, zapier, api, ..."
    sql: ${TABLE} ;;
  }

  measure: calls {
    type: count_distinct
    label: "Calls needing the integration"
    description: "Calls in which the caller needed the integration."
    sql: ${analysis_results.session_id} ;;
  }
}
