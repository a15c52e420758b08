# Sales Intelligence panel (spec 6.5) with the global filters of spec 6.7.
# tests/test_lookml.py checks every field, filter and listen against the model.

- dashboard: sales_intelligence
  title: "Sales Intelligence"
  layout: newspaper
  preferred_viewer: "dashboards-next"
  description: "Spec 6.5. What callers said over the date range (default: last 30 days); tile notes define each figure."
  refresh: "1 hour"
  elements:
  - name: lead_score_distribution
    title: "Lead score distribution"
    model: voice_analytics
    explore: sessions
    type: looker_column
    fields: [sessions.lead_score_tier, sessions.count]
    filters:
      sessions.lead_score: "NOT NULL"
    sorts: [sessions.lead_score_tier]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    note_state: collapsed
    note_display: hover
    note_text: "Scored calls by lead score band (20 points each); above 80 is a hot lead."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 0
    width: 12
    height: 8
  - name: top_industries
    title: "Top industries"
    model: voice_analytics
    explore: sessions
    type: looker_bar
    fields: [sessions.industry, sessions.count, sessions.qualification_rate]
    sorts: [sessions.count desc]
    limit: 10
    show_view_names: false
    show_value_labels: true
    legend_position: center
    note_state: collapsed
    note_display: hover
    note_text: "The 10 industries with the most calls, and the share of their calls that qualified (tier_1 or tier_2)."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 0
    col: 12
    width: 12
    height: 8
  - name: team_size_distribution
    title: "Team size distribution"
    model: voice_analytics
    explore: sessions
    type: looker_column
    fields: [analysis_results.team_size_tier, sessions.unique_callers]
    filters:
      analysis_results.stated_team_size: "NOT NULL"
    sorts: [analysis_results.team_size_tier]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    note_state: collapsed
    note_display: hover
    note_text: "Distinct callers by the team size they stated (bands), calls without a stated size left out."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 8
    col: 0
    width: 12
    height: 8
  - name: integration_needs_breakdown
    title: "Integration needs breakdown"
    model: voice_analytics
    explore: sessions
    type: looker_bar
    fields: [integration_needs.integration, integration_needs.calls]
    filters:
      integration_needs.integration: "-NULL"
    sorts: [integration_needs.calls desc]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    note_state: collapsed
    note_display: hover
    note_text: "Calls in which the caller needed each integration (sales intelligence report)."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 8
    col: 12
    width: 12
    height: 8
  - name: competitor_mentions
    title: "Competitor mentions"
    model: voice_analytics
    explore: sessions
    type: looker_bar
    fields: [competitor_mentions.competitor, competitor_mentions.calls]
    filters:
      competitor_mentions.competitor: "-NULL"
      competitor_mentions.stance: "-negated"
    sorts: [competitor_mentions.calls desc]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    note_state: collapsed
    note_display: hover
    note_text: "Calls in which the caller mentioned each competitor, negated mentions ('we don't use X') left out."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 16
    col: 0
    width: 12
    height: 8
  - name: common_objections
    title: "Common objections"
    model: voice_analytics
    explore: sessions
    type: looker_bar
    fields: [objection_types.objection_type, objection_types.calls]
    filters:
      objection_types.objection_type: "-NULL"
    sorts: [objection_types.calls desc]
    show_view_names: false
    show_value_labels: true
    legend_position: center
    note_state: collapsed
    note_display: hover
    note_text: "Calls in which each objection type was raised (pricing, feature gap, timing, competitor, comparison, switching barrier, security, authority)."
    listen:
      date_range: sessions.start_time_date
      qualification_tier: sessions.qualification_tier
      sentiment: sessions.sentiment
      industry: sessions.industry
      agent_version: sessions.agent_version
    row: 16
    col: 12
    width: 12
    height: 8
  filters:
  - name: date_range
    title: "Date range"
    type: field_filter
    default_value: "30 days"
    allow_multiple_values: true
    required: false
    ui_config: {type: relative_timeframes, display: inline}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.start_time_date
  - name: qualification_tier
    title: "Qualification tier"
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: checkboxes, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.qualification_tier
  - name: sentiment
    title: Sentiment
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: checkboxes, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.sentiment
  - name: industry
    title: Industry
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: tag_list, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.industry
  - name: agent_version
    title: "Agent version"
    type: field_filter
    default_value: ''
    allow_multiple_values: true
    required: false
    ui_config: {type: tag_list, display: popover}
    model: voice_analytics
    explore: sessions
    listens_to_filters: []
    field: sessions.agent_version
