<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ViewText</name>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>+{count} more</source>
        <translation>另 {count} 项</translation>
    </message>
    <message>
        <source>Table {table}</source>
        <translation>表{table}</translation>
    </message>
    <message>
        <source>All observations</source>
        <translation>全部数据</translation>
    </message>
    <message>
        <source>Query: {sql}</source>
        <translation>查询：{sql}</translation>
    </message>
    <message>
        <source>text contains “{text}”</source>
        <translation>文本包含“{text}”</translation>
    </message>
    <message>
        <source>{column}: {values}</source>
        <translation>{column}：{values}</translation>
    </message>
    <message>
        <source>{column}: top {count}</source>
        <translation>{column}：前 {count}</translation>
    </message>
    <message>
        <source>{column}: bottom {count}</source>
        <translation>{column}：后 {count}</translation>
    </message>
    <message>
        <source>{column}: {low} – {high}</source>
        <translation>{column}：{low} – {high}</translation>
    </message>
    <message>
        <source>{column} ≥ {low}</source>
        <translation>{column} ≥ {low}</translation>
    </message>
    <message>
        <source>{column} ≤ {high}</source>
        <translation>{column} ≤ {high}</translation>
    </message>
    <message>
        <source>{column} ascending</source>
        <translation>{column} 升序</translation>
    </message>
    <message>
        <source>{column} descending</source>
        <translation>{column} 降序</translation>
    </message>
    <message>
        <source>sorted by {keys}</source>
        <translation>排序：{keys}</translation>
    </message>
    <message>
        <source>columns of {values}</source>
        <translation>显示 {values} 的列</translation>
    </message>
</context>
</TS>
