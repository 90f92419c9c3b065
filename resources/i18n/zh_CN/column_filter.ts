<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ColumnFilterPopup</name>
    <message>
        <source>(empty)</source>
        <translation>（空白）</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Search values…</source>
        <translation>搜索值…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Range in view: {low} – {high}</source>
        <translation>视图中的范围：{low} – {high}</translation>
    </message>
    <message>
        <source>Between</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Top N</source>
        <translation>最大 N 项</translation>
    </message>
    <message>
        <source>Bottom N</source>
        <translation>最小 N 项</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
</context>
</TS>
