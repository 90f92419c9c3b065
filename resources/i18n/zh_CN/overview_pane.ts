<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>HeadlineCardWidget</name>
    <message>
        <source>Source: report line {line}</source>
        <translation>来源：报告第 {line} 行</translation>
    </message>
</context>
<context>
    <name>OverviewPane</name>
    <message>
        <source>Tables</source>
        <translation>数据表</translation>
    </message>
    <message>
        <source>The appendix&apos;s 12 tables and the in-text tables: sort, filter, export</source>
        <translation>附录 12 张表与正文表格：筛选、排序、导出</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Compare regions in charts</source>
        <translation>地区对比图</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>年度要事</translation>
    </message>
    <message>
        <source>The year&apos;s events</source>
        <translation>全年事件时间轴</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Full-text search of the report</source>
        <translation>全文检索报告</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Province, city and country profiles</source>
        <translation>省份、城市与国家概况</translation>
    </message>
    <message>
        <source>SQL console</source>
        <translation>SQL 查询</translation>
    </message>
    <message>
        <source>Read-only SQL on the tables and the documented views</source>
        <translation>对数据表和文档化视图的只读 SQL 查询</translation>
    </message>
    <message>
        <source>Report text</source>
        <translation>报告原文</translation>
    </message>
    <message>
        <source>The report&apos;s text with its outline, every figure&apos;s source line</source>
        <translation>报告原文及目录，每个数字的来源行</translation>
    </message>
    <message>
        <source>percentage points</source>
        <translation>个百分点</translation>
    </message>
    <message>
        <source>on the year before</source>
        <translation>较上年</translation>
    </message>
    <message>
        <source>The year&apos;s headline figures, from the report&apos;s text</source>
        <translation>年度主要数据（取自报告正文，单位如原文）</translation>
    </message>
    <message>
        <source>Data checks</source>
        <translation>数据校验</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>浏览</translation>
    </message>
    <message>
        <source>Patent applications by province (Table 1)</source>
        <translation>各省专利申请量（表 1）</translation>
    </message>
    <message>
        <source>Cannot read the data: {error}</source>
        <translation>无法读取数据：{error}</translation>
    </message>
    <message>
        <source>CNIPA Annual Report</source>
        <translation>国家知识产权局年报</translation>
    </message>
    <message>
        <source>CNIPA Annual Report {year}</source>
        <translation>国家知识产权局 {year} 年年报</translation>
    </message>
    <message>
        <source>The {year} report&apos;s headline figures, from its text · reports of {years} in this database</source>
        <translation>{year} 年报正文中的主要数据 · 本数据库收录 {years} 年年报</translation>
    </message>
    <message>
        <source>Patent applications by province, {year} (Table 1)</source>
        <translation>各省专利申请量，{year} 年（表 1）</translation>
    </message>
    <message>
        <source>{tables} tables · {values} values</source>
        <translation>{tables} 张表 · {values} 个数值</translation>
    </message>
    <message>
        <source>{count} events in {editions} editions</source>
        <translation>{editions} 个版本共 {count} 件事</translation>
    </message>
    <message>
        <source>{count} events</source>
        <translation>{count} 件事</translation>
    </message>
    <message>
        <source>{count} regions</source>
        <translation>{count} 个地区</translation>
    </message>
    <message>
        <source>{count} paragraphs</source>
        <translation>{count} 段</translation>
    </message>
    <message>
        <source>a thousands separator before 万/亿: a decimal point may be meant</source>
        <translation>万/亿 之前有千位分隔符：可能应为小数点</translation>
    </message>
    <message>
        <source>more people than the context allows</source>
        <translation>人数超出上下文可能的范围</translation>
    </message>
    <message>
        <source>a share or rate above 100 %</source>
        <translation>占比或比率超过 100%</translation>
    </message>
    <message>
        <source>a score above 100</source>
        <translation>分数超过 100</translation>
    </message>
    <message>
        <source>a count that is not a whole number</source>
        <translation>件数不是整数</translation>
    </message>
    <message>
        <source>{identities} identities verified in {tables} tables, {violations} violations</source>
        <translation>{identities} 条恒等式已核对（{tables} 张表），{violations} 处不符</translation>
    </message>
    <message>
        <source>tables {numbers}</source>
        <translation>表 {numbers}</translation>
    </message>
    <message>
        <source>{checks} figures of the text checked against the tables, {disagree} disagree</source>
        <translation>正文数字与数据表交叉核对 {checks} 项，{disagree} 项不一致</translation>
    </message>
    <message>
        <source>line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <source>table {number}</source>
        <translation>表{number}</translation>
    </message>
    <message>
        <source>Flagged figures ({count}):</source>
        <translation>存疑的数字（{count}）：</translation>
    </message>
    <message>
        <source>Nothing is corrected: every value stays as printed.</source>
        <translation>数字均未更正，保留原文。</translation>
    </message>
    <message>
        <source>… and {count} more (smaller)</source>
        <translation>… 另有 {count} 个（数值较小）</translation>
    </message>
</context>
</TS>
