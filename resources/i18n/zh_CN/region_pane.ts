<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RegionsPane</name>
    <message>
        <source>Find a region (Chinese, English or pinyin)…</source>
        <translation>搜索地区（中文、英文或拼音）…</translation>
    </message>
    <message>
        <source>Region profiles</source>
        <translation>地区概况</translation>
    </message>
    <message>
        <source>Choose a province, city or country on the left.</source>
        <translation>在左侧选择一个省份、城市或国家。</translation>
    </message>
    <message>
        <source>Show in Tables</source>
        <translation>在数据表中查看</translation>
    </message>
    <message>
        <source>Export profile…</source>
        <translation>导出概况…</translation>
    </message>
    <message>
        <source>Chapter 9</source>
        <translation>第九章</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>年度要事</translation>
    </message>
    <message>
        <source>{count} regions</source>
        <translation>{count} 个地区</translation>
    </message>
    <message>
        <source>{count} region</source>
        <translation>{count} 个地区</translation>
    </message>
    <message>
        <source>No region matches “{text}”.</source>
        <translation>没有与“{text}”相符的地区。</translation>
    </message>
    <message>
        <source>This database lists no region.</source>
        <translation>此数据库中没有地区。</translation>
    </message>
    <message>
        <source>Region not found</source>
        <translation>未找到地区</translation>
    </message>
    <message>
        <source>No table of the report has a row for “{region}”.</source>
        <translation>报告的数据表中没有“{region}”。</translation>
    </message>
    <message>
        <source>Cannot show the profile</source>
        <translation>无法显示地区概况</translation>
    </message>
    <message>
        <source>Values of the {year} edition: the latest edition&apos;s tables have no row for this region.</source>
        <translation>数值取自 {year} 年版：最新版的表中没有该地区的行。</translation>
    </message>
    <message>
        <source>Rank in {year}: {rank} / {peers}</source>
        <translation>{year} 年排名：{rank} / {peers}</translation>
    </message>
    <message>
        <source>Unit: {unit} · report line {line}</source>
        <translation>单位：{unit} · 报告第 {line} 行</translation>
    </message>
    <message>
        <source>Part of: {region}</source>
        <translation>属于：{region}</translation>
    </message>
    <message>
        <source>Pinyin: {pinyin}</source>
        <translation>拼音：{pinyin}</translation>
    </message>
    <message>
        <source>Chapter 9 (local IP work) has sections only for the provinces and the XPCC.</source>
        <translation>第九章 地方知识产权工作 只有各省（区、市）和兵团的小节。</translation>
    </message>
    <message>
        <source>Chapter 9 has no paragraph about this region.</source>
        <translation>第九章中没有关于该地区的段落。</translation>
    </message>
    <message>
        <source>Elsewhere in the report</source>
        <translation>报告其他章节</translation>
    </message>
    <message>
        <source>Paragraphs of {province} that name {region}.</source>
        <translation>{province}的段落中提及{region}。</translation>
    </message>
    <message>
        <source>held here</source>
        <translation>在此举办</translation>
    </message>
    <message>
        <source>about it</source>
        <translation>涉及本地</translation>
    </message>
    <message>
        <source>{year} edition</source>
        <translation>{year} 年版</translation>
    </message>
    <message>
        <source>Main measures, {before} and {last} · source: the appendix tables</source>
        <translation>主要指标，{before} 年与 {last} 年 · 来源：附录统计表</translation>
    </message>
    <message>
        <source>report line {line}</source>
        <translation>报告第 {line} 行</translation>
    </message>
    <message>
        <source>Report ({count})</source>
        <translation>报告（{count}）</translation>
    </message>
    <message>
        <source>Events ({count})</source>
        <translation>年度要事（{count}）</translation>
    </message>
    <message>
        <source>Double-click to open in the report</source>
        <translation>双击在报告中打开</translation>
    </message>
    <message>
        <source>No event names it as a partner.</source>
        <translation>没有事件将其列为合作方。</translation>
    </message>
    <message>
        <source>No event mentions it.</source>
        <translation>没有事件提及该地区。</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Export region profile</source>
        <translation>导出地区概况</translation>
    </message>
</context>
</TS>
