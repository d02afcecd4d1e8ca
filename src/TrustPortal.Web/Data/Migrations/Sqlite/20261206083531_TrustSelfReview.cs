using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TrustPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrustSelfReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "UsesCstAssuranceFramework",
                table: "Trusts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ReopenReason",
                table: "SelfEvaluations",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReopenedAt",
                table: "SelfEvaluations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReopenedBy",
                table: "SelfEvaluations",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedBy",
                table: "Risks",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "Risks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClosedReason",
                table: "Risks",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TrustSelfReviews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrustId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartYear = table.Column<int>(type: "INTEGER", nullable: false),
                    IsExample = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustSelfReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrustSelfReviews_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PillarJudgements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrustSelfReviewId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PillarJudgements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PillarJudgements_TrustSelfReviews_TrustSelfReviewId",
                        column: x => x.TrustSelfReviewId,
                        principalTable: "TrustSelfReviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrustReviewFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrustSelfReviewId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StoredKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OriginalName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrustReviewFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrustReviewFiles_TrustSelfReviews_TrustSelfReviewId",
                        column: x => x.TrustSelfReviewId,
                        principalTable: "TrustSelfReviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PillarJudgements_TrustSelfReviewId_Code",
                table: "PillarJudgements",
                columns: new[] { "TrustSelfReviewId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrustReviewFiles_StoredKey",
                table: "TrustReviewFiles",
                column: "StoredKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrustReviewFiles_TrustSelfReviewId",
                table: "TrustReviewFiles",
                column: "TrustSelfReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_TrustSelfReviews_TrustId_StartYear",
                table: "TrustSelfReviews",
                columns: new[] { "TrustId", "StartYear" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PillarJudgements");

            migrationBuilder.DropTable(
                name: "TrustReviewFiles");

            migrationBuilder.DropTable(
                name: "TrustSelfReviews");

            migrationBuilder.DropColumn(
                name: "UsesCstAssuranceFramework",
                table: "Trusts");

            migrationBuilder.DropColumn(
                name: "ReopenReason",
                table: "SelfEvaluations");

            migrationBuilder.DropColumn(
                name: "ReopenedAt",
                table: "SelfEvaluations");

            migrationBuilder.DropColumn(
                name: "ReopenedBy",
                table: "SelfEvaluations");

            migrationBuilder.DropColumn(
                name: "ClosedBy",
                table: "Risks");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "Risks");

            migrationBuilder.DropColumn(
                name: "ClosedReason",
                table: "Risks");
        }
    }
}
