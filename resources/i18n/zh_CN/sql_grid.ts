<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SqlGrid</name>
    <message>
        <source>No rows match</source>
        <translation>没有符合条件的行</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
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
        <source>Sort ascending by this column</source>
        <translation>按此列升序排序</translation>
    </message>
    <message>
        <source>Sort descending by this column</source>
        <translation>按此列降序排序</translation>
    </message>
    <message>
        <source>Filter this column…</source>
        <translation>筛选此列…</translation>
    </message>
    <message>
        <source>Query failed: {error}</source>
        <translation>查询失败：{error}</translation>
    </message>
    <message>
        <source>{count} rows</source>
        <translation>{count} 行</translation>
    </message>
    <message>
        <source>{count} row</source>
        <translation>{count} 行</translation>
    </message>
    <message>
        <source>No rows</source>
        <translation>没有行</translation>
    </message>
    <message>
        <source>Cannot list this column&apos;s values: {error}</source>
        <translation>无法列出此列的值：{error}</translation>
    </message>
</context>
<context>
    <name>TableExplorer</name>
    <message>
        <source>{count} totals</source>
        <translation>{count} 个总计</translation>
    </message>
    <message>
        <source>{count} inside selected provinces</source>
        <translation>{count} 个所在省已选中的城市</translation>
    </message>
    <message>
        <source>{count} parts of a selected total</source>
        <translation>{count} 个所属合计已选中的分项</translation>
    </message>
    <message>
        <source>(not added: {what})</source>
        <translation>（未计入合计：{what}）</translation>
    </message>
    <message>
        <source>Count: {count}</source>
        <translation>计数：{count}</translation>
    </message>
    <message>
        <source>Count: {count}   (shares and counts mixed: no sum)</source>
        <translation>计数：{count}   （占比与件数混选，不求和）</translation>
    </message>
    <message>
        <source>Count: {count}   Average: {average}</source>
        <translation>计数：{count}   平均：{average}</translation>
    </message>
    <message>
        <source>Count: {count}   Sum: {sum}   Average: {average}</source>
        <translation>计数：{count}   求和：{sum}   平均：{average}</translation>
    </message>
</context>
</TS>
