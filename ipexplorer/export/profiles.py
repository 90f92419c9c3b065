"""A region profile as workbook sheets: its values, its 第九章 narrative and the events naming it."""

from __future__ import annotations

from ipexplorer.export.sheets import EDITION_TITLE, Sheet, SheetColumn
from ipexplorer.query.columns import Kind
from ipexplorer.query.names import unit_text
from ipexplorer.query.profiles import RegionProfile


def profile_title(profile: RegionProfile) -> str:
    ident = profile.identity
    return f"{ident.name_zh} {ident.name_en} · {ident.kind_zh} {ident.kind_en}"


def profile_sheets(profile: RegionProfile) -> list[Sheet]:
    """Three sheets: 数值 Values, 第九章 Narrative, 年度要事 Events (empty ones keep their header); with several
    editions each row names the edition printing it (its report line is that edition's): the narrative the latest's,
    the values theirs (the latest's, or of a region it leaves out the newest edition printing it), each event its
    own."""
    title = profile_title(profile)
    last = profile.latest_year
    before = str(last - 1) if last else "上年 Year before"
    latest = str(last) if last else "本年 Latest year"
    value_columns = [
        SheetColumn("表 Table", Kind.CODE), SheetColumn("表名 Table title"), SheetColumn("Table title (English)"),
        SheetColumn("指标 Measure"), SheetColumn("Measure (English)"), SheetColumn("类型 IP type"),
        SheetColumn("IP type (English)"), SheetColumn("单位 Unit"), SheetColumn(before, Kind.INT),
        SheetColumn(latest, Kind.INT), SheetColumn("变化 Change", Kind.PERCENT),
        SheetColumn(f"{latest} 排名 Rank", Kind.CODE), SheetColumn("同类地区数 Regions of its kind", Kind.INT),
        SheetColumn(f"{before} 排名 Rank", Kind.CODE), SheetColumn("报告行 Report line", Kind.CODE)]
    values = [[v.table_no, v.table_zh, v.table_en, v.measure_zh, v.measure_en, v.ip_type_zh, v.ip_type_en,
               unit_text(v.unit, v.unit_en), v.value_prev, v.value_last,
               None if v.change_pct is None else v.change_pct / 100, v.rank, v.peers, v.rank_prev, v.source_line]
              for v in profile.values]
    narrative_columns = [SheetColumn("章节 Section"), SheetColumn("内容 Text"),
                         SheetColumn("报告行 Report line", Kind.CODE), SheetColumn("说明 Note")]
    narrative = [[p.section, p.text, p.first_line,
                  f"{profile.identity.parent_zh}的段落，提及{profile.name} · the province's paragraph naming it"
                  if p.mention else ""] for p in profile.narrative]
    event_columns = [SheetColumn("日期 Date"), SheetColumn("内容 Text"), SheetColumn("合作方 Partners"),
                     SheetColumn("章节 Section"), SheetColumn("报告行 Report line", Kind.CODE),
                     SheetColumn("关系 Role")]
    roles = {"venue": "举办地 held here", "subject": "涉及 about it"}
    events = [[e.date, e.text, e.partners, e.section, e.source_line, roles.get(e.role, e.role)]
              for e in profile.events]
    if profile.edition is not None:   # several editions: each row's, as the timeline's export names it
        for columns in (value_columns, narrative_columns, event_columns):
            columns.append(SheetColumn(EDITION_TITLE, Kind.CODE))
        for row, value in zip(values, profile.values, strict=True):
            row.append(value.edition)
        for row in narrative:
            row.append(profile.edition)
        for row, event in zip(events, profile.events, strict=True):
            row.append(event.edition)
    return [
        Sheet("数值 Values", value_columns, values, len(values), description=f"{title}: values"),
        Sheet("第九章 Narrative", narrative_columns, narrative, len(narrative), description=f"{title}: 第九章"),
        Sheet("年度要事 Events", event_columns, events, len(events), description=f"{title}: events"),
    ]
