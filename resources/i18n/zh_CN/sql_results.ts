<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ResultsTable</name>
    <message>
        <source>Filter results (any column)…</source>
        <translation>筛选结果（任意列）…</translation>
    </message>
    <message>
        <source>Clear filters and sort</source>
        <translation>清除筛选与排序</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Filters and sort: {list}</source>
        <translation>筛选与排序：{list}</translation>
    </message>
    <message>
        <source>Cannot list this column&apos;s values: {error}</source>
        <translation>无法列出此列的值：{error}</translation>
    </message>
</context>
</TS>
