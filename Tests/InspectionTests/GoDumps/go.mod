module memstatsdumps

go 1.21
