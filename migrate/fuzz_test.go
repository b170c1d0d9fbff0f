package migrate_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpcgate/vpcgate/instance"
	"github.com/vpcgate/vpcgate/migrate"
)

// FuzzApply builds small random groups from the fuzz bytes and checks that
// Apply never panics, leaves its inputs as they were, and is either a clean
// move (OK, the group on the target) or an exact rollback.
func FuzzApply(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3}, uint8(0), false)
	f.Add([]byte{4, 4, 6, 7, 7}, uint8(3), true)
	f.Add([]byte{}, uint8(1), true)
	names := []string{"orders", "users", "audit", "legacy", "far", "other-sg", "nope", ""}
	f.Fuzz(func(t *testing.T, refs []byte, variant uint8, dataworks bool) {
		if len(refs) > 64 {
			refs = refs[:64]
		}
		g := group()
		g.DataWorks = dataworks
		for i, b := range refs {
			if b&0x80 != 0 && len(g.Plugins) > 0 {
				p := &g.Plugins[len(g.Plugins)-1]
				p.VPCAccess = append(p.VPCAccess, names[int(b)%len(names)])
				continue
			}
			if b&0x40 != 0 {
				g.Plugins = append(g.Plugins, migrate.Plugin{ID: "plg", VPCAccess: []string{names[int(b)%len(names)]}})
				continue
			}
			g.APIs = append(g.APIs, migrate.API{ID: "api", Name: string(rune('a' + i%26)), VPCAccess: names[int(b)%len(names)]})
		}
		src, dst, a := from, to, auths()
		switch variant % 8 {
		case 1:
			g.InstanceID = "other"
		case 2:
			dst.RegionID = "cn-beijing"
		case 3:
			a = append(a, a[0])
		case 4:
			dst = instance.Instance{}
		case 5:
			dst.Kind = instance.Kind(variant) // 5, 13, ...: no valid kind
		case 6:
			dst.ID = ""
		case 7:
			dst.Kind = instance.Dedicated
		}
		before := deepCopy(g, src, dst, a)
		got, r := migrate.Apply(g, src, dst, a)
		if diff := cmp.Diff(before, deepCopy(g, src, dst, a), cmpOpts); diff != "" {
			t.Fatalf("Apply modified its input:\n%s", diff)
		}
		want := before.G
		if r.OK() {
			want.InstanceID = dst.ID
		}
		if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
			t.Fatalf("Apply (OK=%v) returned (-want +got):\n%s", r.OK(), diff)
		}
		if r.OK() && (dst.ID == "" || !dst.Kind.Valid() || g.DataWorks && dst.Kind != instance.Dedicated) {
			t.Fatalf("a move onto %+v (DataWorks %v) passed", dst, g.DataWorks)
		}
		if r.OK() != (r.Err() == nil) || (!r.OK() && !errors.Is(r.Err(), r.Failures[0].Err)) {
			t.Fatalf("OK() = %v but Err() = %v", r.OK(), r.Err())
		}
	})
}
