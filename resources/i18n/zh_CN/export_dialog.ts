<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ExportCause</name>
    <message>
        <source>permission denied — the folder may be read-only, or the file open in another program</source>
        <translation>没有权限——该文件夹可能是只读的，或文件正被其他程序打开</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the disk quota is exhausted</source>
        <translation>磁盘配额已用完</translation>
    </message>
    <message>
        <source>the folder takes no new files</source>
        <translation>该文件夹不接受新文件</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <source>a folder has that name</source>
        <translation>已有同名文件夹</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>磁盘为只读</translation>
    </message>
    <message>
        <source>the file name is too long</source>
        <translation>文件名过长</translation>
    </message>
    <message>
        <source>a part of the path is a file, not a folder</source>
        <translation>路径中有一段是文件而不是文件夹</translation>
    </message>
    <message>
        <source>the file is read-only (it was left as it is)</source>
        <translation>该文件为只读（保持原样未动）</translation>
    </message>
    <message>
        <source>the folder {path} does not exist</source>
        <translation>文件夹 {path} 不存在</translation>
    </message>
    <message>
        <source>cannot write in </source>
        <translation>无法写入 </translation>
    </message>
    <message>
        <source>cannot write </source>
        <translation>无法写入 </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Selected cells</source>
        <translation>选中的单元格</translation>
    </message>
    <message>
        <source>Selected rows</source>
        <translation>选中的行</translation>
    </message>
    <message>
        <source>The whole view, filtered and sorted</source>
        <translation>当前视图（已筛选、排序）</translation>
    </message>
    <message>
        <source>Several report tables, one sheet each</source>
        <translation>多个报告表（每表一页）</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Nothing is selected in the table: select cells or rows there first to export only those.</source>
        <translation>表格中未选中任何内容：请先在表格中选中单元格或行，才能只导出它们。</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>报告表</translation>
    </message>
    <message>
        <source>Wide, as printed</source>
        <translation>宽表（如原表）</translation>
    </message>
    <message>
        <source>Long, one value per row</source>
        <translation>长表（每行一个数值）</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>版式</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File (.xlsx / .csv)</source>
        <translation>文件（.xlsx / .csv）</translation>
    </message>
    <message>
        <source>UTF-8 with byte-order mark (Excel)</source>
        <translation>UTF-8（带字节顺序标记，适用于 Excel）</translation>
    </message>
    <message>
        <source>GB18030 (older spreadsheet software, LibreOffice)</source>
        <translation>GB18030（较旧的电子表格软件、LibreOffice）</translation>
    </message>
    <message>
        <source>CSV encoding</source>
        <translation>CSV 编码</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>choose a file name</source>
        <translation>请选择文件名</translation>
    </message>
    <message>
        <source>{path} is a folder: add a file name to it</source>
        <translation>{path} 是文件夹：请在其后加上文件名</translation>
    </message>
    <message>
        <source>tick at least one table</source>
        <translation>请至少勾选一张表</translation>
    </message>
    <message>
        <source>a CSV file holds one table; choose .xlsx for several</source>
        <translation>CSV 文件只能保存一张表；多张表请选择 .xlsx</translation>
    </message>
    <message>
        <source>nothing is selected</source>
        <translation>没有选中任何内容</translation>
    </message>
</context>
<context>
    <name>ExportTask</name>
    <message>
        <source>Exporting to {name}…</source>
        <translation>正在导出到 {name}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Exported {rows} rows to {path}</source>
        <translation>已导出 {rows} 行到 {path}</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Any existing file was left unchanged.</source>
        <translation>已有的文件保持不变。</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消，未写入任何内容。</translation>
    </message>
</context>
</TS>
