<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>TableExplorer</name>
    <message>
        <source>Wide, as printed</source>
        <translation>宽表（如原表）</translation>
    </message>
    <message>
        <source>Long</source>
        <translation>长表</translation>
    </message>
    <message>
        <source>Chinese names</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>English names</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <source>Both names</source>
        <translation>中英名称</translation>
    </message>
    <message>
        <source>Region kind</source>
        <translation>地区类别</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>IP type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>All observations</source>
        <translation>全部数据</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Pinyin order</source>
        <translation>拼音排序</translation>
    </message>
    <message>
        <source>Unicode order</source>
        <translation>Unicode 排序</translation>
    </message>
    <message>
        <source>Clear all filters</source>
        <translation>清除全部筛选</translation>
    </message>
    <message>
        <source>Change from</source>
        <translation>增减：从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>The years the change, change % and CAGR columns compare</source>
        <translation>增减、增长率与年均增长率各列比较的两个年份</translation>
    </message>
    <message>
        <source>Open in report</source>
        <translation>在报告中打开</translation>
    </message>
    <message>
        <source>Auto-size columns</source>
        <translation>自动列宽</translation>
    </message>
    <message>
        <source>Copy as Python</source>
        <translation>复制为 Python 代码</translation>
    </message>
    <message>
        <source>Copy a script that gives this view&apos;s rows through the Python API</source>
        <translation>复制一段脚本，通过 Python API 取得此视图的各行</translation>
    </message>
    <message>
        <source>Unit: {unit}</source>
        <translation>单位：{unit}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>注：{note}</translation>
    </message>
    <message>
        <source>Note (the report&apos;s words, in Chinese): {note}</source>
        <translation>注（报告原文）：{note}</translation>
    </message>
    <message>
        <source>All observations are one value per row: the long layout</source>
        <translation>全部数据每行一个数值：即长表</translation>
    </message>
    <message>
        <source>Choose the columns shown</source>
        <translation>选择显示的列</translation>
    </message>
    <message>
        <source>This table has no regions</source>
        <translation>此表没有地区</translation>
    </message>
    <message>
        <source>(not in this view)</source>
        <translation>（本视图无此项）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Remove this filter</source>
        <translation>移除此筛选</translation>
    </message>
    <message>
        <source>No filters</source>
        <translation>无筛选</translation>
    </message>
    <message>
        <source>Source: table {table} · report line {line} · {region} · {what}</source>
        <translation>来源：表{table} · 报告第 {line} 行 · {region} · {what}</translation>
    </message>
    <message>
        <source>{year} edition</source>
        <translation>{year} 年版</translation>
    </message>
    <message>
        <source>Open in report (line {line})</source>
        <translation>在报告中打开（第 {line} 行）</translation>
    </message>
    <message>
        <source>Region profile: {region}</source>
        <translation>地区概况：{region}</translation>
    </message>
    <message>
        <source>Region profile</source>
        <translation>地区概况</translation>
    </message>
</context>
</TS>
