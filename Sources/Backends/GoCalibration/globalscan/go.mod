module globalscan

go 1.22
